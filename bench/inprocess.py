"""The scenarios' requests through Django's test client, in this process
against the benchmark's database and Redis: the SQL queries of one request,
and a profile of the requests that miss their target."""

import cProfile
import io
import json
import pstats
import re
import sys
from collections import Counter

# The request's own work, without the test client and the middleware
# wrappers that sit above every frame of it.
PROFILE_NOISE = (
    r"test/client|core/handlers|utils/deprecation|middleware|bench/inprocess"
)


class InProcess:
    def __init__(self, group_slugs):
        from django.test import Client

        from accounts.models import User
        from bench import seed

        self.clients = {None: Client(HTTP_HOST="127.0.0.1")}
        for key, email in (("member", seed.MEMBER_EMAIL), ("admin", seed.ADMIN_EMAIL)):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(email=email))
            self.clients[key] = client
        self.group_slugs = group_slugs
        self.number = 0

    def perform(self, scenario):
        self.number += 1
        client, path = self.clients[scenario.user], scenario.path
        person = {
            "first_name": "Bench",
            "last_name": "Counter",
            "email": f"wrk-inprocess-{self.number}@example.org",
            "state": "MN",
            "chamber": "house",
            "district": "12",
            "role": "legislator",
        }
        group = self.group_slugs[self.number % len(self.group_slugs)]
        if scenario.mode == "nocache":
            response = client.get(f"{path}?nocache=inprocess-{self.number}")
        elif scenario.mode == "join_form":
            response = client.post(
                path, {**person, "groups": group, "agree_principles": "on"}
            )
        elif scenario.mode == "join_api":
            body = json.dumps({**person, "groups": [group], "agree_principles": True})
            response = client.post(path, body, content_type="application/json")
        else:
            response = client.get(path)
        if response.status_code != scenario.expect:
            raise RuntimeError(
                f"{scenario.key}: {path} answered {response.status_code}"
            )
        if response.streaming:
            for (
                _
            ) in response.streaming_content:  # a stream runs its queries as it is read
                pass
        response.close()

    def queries(self, scenario, warm=2):
        """The SQL of one request, after `warm` requests filled the caches."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(warm):
            self.perform(scenario)
        with CaptureQueriesContext(connection) as captured:
            self.perform(scenario)
        return [query["sql"] for query in captured.captured_queries]

    def profile(self, scenario, count=20):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(count):
            self.perform(scenario)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        out.write(f"{count} requests in-process; by cumulative time:\n")
        stats.sort_stats("cumulative").print_stats(f"^(?!.*({PROFILE_NOISE}))", 25)
        out.write("\nBy own time:\n")
        stats.sort_stats("tottime").print_stats(15)
        text = re.sub(
            r"^\s*(Ordered by|List reduced).*\n", "", out.getvalue(), flags=re.M
        )
        text = re.sub(r"\n{3,}", "\n\n", text)
        for prefix in sorted({p for p in sys.path if p}, key=len, reverse=True):
            text = text.replace(prefix + "/", "")
        return text.strip()


def summarise_sql(statements, limit=25):
    shapes = Counter(re.sub(r"\s+", " ", sql)[:200] for sql in statements)
    return "\n".join(f"{count:>4} x {sql}" for sql, count in shapes.most_common(limit))
