"""What `make bench` measures, and the targets each figure is judged by.

Every figure is a ratio to a baseline taken in the same run: (a) "static",
nginx serving the group page's HTML from disk, the ceiling of the machine;
(b) "hello", a fixed string through the site's whole middleware stack under
the same gunicorn, the ceiling of the framework.
"""

from dataclasses import dataclass, field

APP_PORT, FRONT_PORT, STATIC_PORT = 18000, 18080, 18081

ADMIN_REQUESTS = "/admin/groups/membershiprequest/"
ADMIN_ALL = f"{ADMIN_REQUESTS}?status=all&confirmed=all"
ADMIN_SEARCH = f"{ADMIN_ALL}&state__exact=MN&q=smith"
CSV_EXPORT = f"{ADMIN_REQUESTS}?export=csv&status=all&confirmed=all"
CSV_GROWTH_LIMIT_MB = 50


@dataclass
class Scenario:
    key: str
    title: str
    port: int
    path: str
    mode: str = "get"  # get, nocache, join_form, join_api: see bench/wrk/bench.lua
    user: str | None = None  # "member" or "admin": sent with that one's session
    expect: int = 200
    # Off where parsing every response in wrk's Lua would slow wrk itself
    # (nginx's tens of thousands a second) or copy 5 MB bodies into it.
    count_statuses: bool = True
    in_app: bool = True  # served by gunicorn: SQL and worker memory apply
    baseline: str | None = None
    min_ratio: float | None = None
    max_p99_over_p50: float | None = None
    max_sql: int | None = None
    zero_errors: bool = False
    zero_lost: bool = False

    @property
    def target(self):
        parts = []
        if self.min_ratio is not None:
            parts.append(f">= {self.min_ratio:.0%} of {self.baseline}")
        if self.max_p99_over_p50:
            parts.append(f"p99 < {self.max_p99_over_p50:g}x p50")
        if self.max_sql is not None:
            parts.append(f"<= {self.max_sql} SQL")
        if self.zero_errors:
            parts.append("0 errors")
        if self.zero_lost:
            parts.append("0 lost")
        return ", ".join(parts)


@dataclass
class Result:
    scenario: Scenario
    rps: float = 0.0
    p50: float = 0.0  # milliseconds
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    rss_mb: float | None = None
    cache: str = ""
    sql: int | None = None
    lost: int | None = None
    ratio: float | None = None
    met: bool | None = None
    notes: list = field(default_factory=list)


def plan(group_path, document_path):
    app, front, disk = APP_PORT, FRONT_PORT, STATIC_PORT
    of_hello = {"baseline": "hello"}
    return [
        Scenario(
            "static",
            "(a) nginx: the group page's HTML from disk",
            disk,
            group_path,
            count_statuses=False,
            in_app=False,
        ),
        Scenario(
            "hello", "(b) hello view, whole middleware stack", app, "/bench/hello"
        ),
        Scenario(
            "front",
            "group page through the nginx front (its proxy cache)",
            front,
            group_path,
            count_statuses=False,
            in_app=False,
            baseline="static",
            min_ratio=0.5,
        ),
        Scenario(
            "group-cached",
            "group page, the application's cache",
            app,
            group_path,
            min_ratio=0.8,
            **of_hello,
        ),
        Scenario(
            "group-uncached",
            "group page, uncached (a unique query string each)",
            app,
            group_path,
            mode="nocache",
            min_ratio=0.25,
            max_p99_over_p50=5,
            max_sql=10,
            **of_hello,
        ),
        Scenario(
            "index-cached", "group index, cached", app, "/working-groups/", **of_hello
        ),
        Scenario(
            "index-uncached",
            "group index, uncached",
            app,
            "/working-groups/",
            mode="nocache",
            **of_hello,
        ),
        Scenario("home-cached", "home page, cached", app, "/", **of_hello),
        Scenario(
            "home-uncached", "home page, uncached", app, "/", mode="nocache", **of_hello
        ),
        Scenario("join-get", "GET /join/", app, "/join/", **of_hello),
        Scenario(
            "join-post",
            "POST /join/ (form), a fresh address each",
            app,
            "/join/",
            mode="join_form",
            expect=302,
            min_ratio=0.10,
            zero_errors=True,
            zero_lost=True,
            **of_hello,
        ),
        Scenario(
            "join-api",
            "POST /api/v2/join/ (JSON), a fresh address each",
            app,
            "/api/v2/join/",
            mode="join_api",
            expect=201,
            zero_errors=True,
            zero_lost=True,
            **of_hello,
        ),
        Scenario(
            "documents",
            "member: /members/documents/, 5 groups of 200",
            app,
            "/members/documents/",
            user="member",
            min_ratio=0.15,
            **of_hello,
        ),
        Scenario(
            "download",
            "member: a 5 MB document (serve view)",
            app,
            document_path,
            user="member",
            count_statuses=False,
            **of_hello,
        ),
        Scenario(
            "admin-all",
            "admin: requests listing, all 20,000",
            app,
            ADMIN_ALL,
            user="admin",
            min_ratio=0.05,
            **of_hello,
        ),
        Scenario(
            "admin-search",
            "admin: listing filtered (MN) and searched (smith)",
            app,
            ADMIN_SEARCH,
            user="admin",
            min_ratio=0.05,
            **of_hello,
        ),
    ]


def judge(results):
    by_key = {result.scenario.key: result for result in results}
    for result in results:
        scenario = result.scenario
        base = by_key.get(scenario.baseline)
        if base and base.rps:
            result.ratio = result.rps / base.rps
        checks = []
        if scenario.min_ratio is not None:
            checks.append(
                result.ratio is not None and result.ratio >= scenario.min_ratio
            )
        if scenario.max_p99_over_p50:
            checks.append(result.p99 < scenario.max_p99_over_p50 * result.p50)
        if scenario.max_sql is not None:
            checks.append(result.sql is not None and result.sql <= scenario.max_sql)
        if scenario.zero_errors:
            checks.append(result.errors == 0)
        if scenario.zero_lost:
            checks.append(result.lost == 0)
        result.met = all(checks) if checks else None


def csv_export_met(runs):
    return all(
        run["status"] == 200 and run["growth_mb"] < CSV_GROWTH_LIMIT_MB for run in runs
    )
