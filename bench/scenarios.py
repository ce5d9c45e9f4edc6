"""What `make bench` measures, and the targets each figure is judged by.

Every figure is a ratio to a baseline taken in the same run: (a) "static",
nginx serving the group page's HTML from disk, the ceiling of the machine;
(b) "bare", a WSGI "hello" without Django (bench/bare.py) under the same
gunicorn configuration, the ceiling of the server; (c) "hello", a fixed
string through the site's whole middleware stack, the ceiling of Django
as this site configures it. Every page is reported against both (b) and
(c); the targets are against (b).
"""

from dataclasses import dataclass, field

APP_PORT, BARE_PORT, FRONT_PORT, STATIC_PORT = 18000, 18001, 18080, 18081

ADMIN_REQUESTS = "/admin/groups/membershiprequest/"
ADMIN_ALL = f"{ADMIN_REQUESTS}?status=all&confirmed=all"
ADMIN_SEARCH = f"{ADMIN_ALL}&state__exact=MN&q=smith"
CSV_EXPORT = f"{ADMIN_REQUESTS}?export=csv&status=all&confirmed=all"
CSV_GROWTH_LIMIT_MB = 50
# The baselines every page served by the application is compared with.
APP_BASELINES = ("bare", "hello")


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
    # Judged on a second, shorter run at one connection, where the latency
    # is the request's own and not the queue's.
    max_p99_over_p50: float | None = None
    max_sql: int | None = None
    zero_errors: bool = False
    zero_lost: bool = False
    max_rss_mb: int | None = None

    @property
    def single_connection(self):
        """Pages (GET) served by the application get the one-connection run."""
        return self.in_app and self.mode in ("get", "nocache") and self.port == APP_PORT

    @property
    def target(self):
        parts = []
        if self.min_ratio is not None:
            parts.append(f">= {self.min_ratio:.0%} of {self.baseline}")
        if self.max_p99_over_p50:
            parts.append(f"p99 <= {self.max_p99_over_p50:g}x p50 at 1 conn")
        if self.max_sql is not None:
            parts.append(f"<= {self.max_sql} SQL")
        if self.zero_errors:
            parts.append("0 errors")
        if self.zero_lost:
            parts.append("0 lost")
        if self.max_rss_mb is not None:
            parts.append(f"RSS <= {self.max_rss_mb} MB")
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
    ratio: float | None = None  # to scenario.baseline, which the target uses
    ratios: dict = field(default_factory=dict)  # to each of APP_BASELINES
    p50_single: float | None = None  # at one connection, milliseconds
    p99_single: float | None = None
    met: bool | None = None
    notes: list = field(default_factory=list)


# The targets (14): uncached pages at 10% of the bare server, the
# member's pages at 8%, sign-ups at 5%, the admin's listing at 2%; p99 within
# 3x p50 at one connection on every page; a worker's memory within 110 MB.
PAGE = {"baseline": "bare", "max_p99_over_p50": 3, "max_rss_mb": 110}
UNCACHED_PAGE = {**PAGE, "mode": "nocache", "min_ratio": 0.10, "max_sql": 5}
MEMBER_PAGE = {**PAGE, "user": "member", "min_ratio": 0.08}
SIGN_UP = {
    "baseline": "bare",
    "min_ratio": 0.05,
    "zero_errors": True,
    "zero_lost": True,
    "max_rss_mb": 110,
}


def plan(group_path, document_path):
    app, bare, front, disk = APP_PORT, BARE_PORT, FRONT_PORT, STATIC_PORT
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
            "bare",
            "(b) bare WSGI hello, no Django, same gunicorn configuration",
            bare,
            "/",
            in_app=False,
        ),
        Scenario(
            "hello",
            "(c) hello view, whole middleware stack",
            app,
            "/bench/hello",
            baseline="bare",
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
            **PAGE,
        ),
        Scenario(
            "group-uncached",
            "group page, uncached (a unique query string each)",
            app,
            group_path,
            **UNCACHED_PAGE,
        ),
        Scenario(
            "index-cached", "group index, cached", app, "/working-groups/", **PAGE
        ),
        Scenario(
            "index-uncached",
            "group index, uncached",
            app,
            "/working-groups/",
            **UNCACHED_PAGE,
        ),
        Scenario("home-cached", "home page, cached", app, "/", **PAGE),
        Scenario("home-uncached", "home page, uncached", app, "/", **UNCACHED_PAGE),
        Scenario("join-get", "GET /join/, cached", app, "/join/", **PAGE),
        Scenario(
            "join-uncached", "GET /join/, uncached", app, "/join/", **UNCACHED_PAGE
        ),
        Scenario(
            "join-post",
            "POST /join/ (form), a fresh address each",
            app,
            "/join/",
            mode="join_form",
            expect=302,
            **SIGN_UP,
        ),
        Scenario(
            "join-api",
            "POST /api/v2/join/ (JSON), a fresh address each",
            app,
            "/api/v2/join/",
            mode="join_api",
            expect=201,
            **SIGN_UP,
        ),
        Scenario(
            "members",
            "member: /members/, their groups",
            app,
            "/members/",
            **MEMBER_PAGE,
        ),
        Scenario(
            "documents",
            "member: /members/documents/, 5 groups of 200",
            app,
            "/members/documents/",
            **MEMBER_PAGE,
        ),
        Scenario(
            "download",
            "member: a 5 MB document (serve view)",
            app,
            document_path,
            user="member",
            count_statuses=False,
            baseline="bare",
            max_rss_mb=110,
        ),
        Scenario(
            "admin-all",
            "admin: requests listing, all 20,000",
            app,
            ADMIN_ALL,
            user="admin",
            min_ratio=0.02,
            max_sql=5,
            **PAGE,
        ),
        Scenario(
            "admin-search",
            "admin: listing filtered (MN) and searched (smith)",
            app,
            ADMIN_SEARCH,
            user="admin",
            min_ratio=0.02,
            **PAGE,
        ),
    ]


def judge(results):
    by_key = {result.scenario.key: result for result in results}
    for result in results:
        scenario = result.scenario
        for key in {*APP_BASELINES, scenario.baseline} - {None, scenario.key}:
            base = by_key.get(key)
            if base and base.rps and (scenario.in_app or key == scenario.baseline):
                result.ratios[key] = result.rps / base.rps
        result.ratio = result.ratios.get(scenario.baseline)
        checks = []
        if scenario.min_ratio is not None:
            checks.append(
                result.ratio is not None and result.ratio >= scenario.min_ratio
            )
        if scenario.max_p99_over_p50:
            checks.append(
                result.p99_single is not None
                and result.p99_single <= scenario.max_p99_over_p50 * result.p50_single
            )
        if scenario.max_sql is not None:
            checks.append(result.sql is not None and result.sql <= scenario.max_sql)
        if scenario.zero_errors:
            checks.append(result.errors == 0)
        if scenario.zero_lost:
            checks.append(result.lost == 0)
        if scenario.max_rss_mb is not None:
            checks.append(
                result.rss_mb is not None and result.rss_mb <= scenario.max_rss_mb
            )
        result.met = all(checks) if checks else None


def csv_export_met(runs):
    return all(
        run["status"] == 200 and run["growth_mb"] < CSV_GROWTH_LIMIT_MB for run in runs
    )
