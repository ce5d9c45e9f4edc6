"""The production settings (DEBUG off, PostgreSQL, Redis) for the benchmark,
with a "hello" view beside the site's URLs (bench/urls.py).

The database and Redis are the benchmark's own and are always set here,
never taken from the environment: bench/run.py drops and re-creates the
database, and a DATABASE_URL exported for development must not lead it to
another one. BENCH_DATABASE_URL and BENCH_REDIS_URL move them elsewhere.
"""

import os
from pathlib import Path

RUN_DIR = Path(__file__).resolve().parent / ".run"

os.environ.update(
    {
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/workinggroups_bench",
        ),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        # Plain HTTP on 127.0.0.1: no TLS proxy to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        # The benchmark's admin has no TOTP device.
        "STAFF_TWO_FACTOR_REQUIRED": "false",
        # Thousands of sign-ups a minute from one address is the point here.
        "JOIN_RATE_LIMIT": "0",
        "JOIN_EMAIL_RATE_LIMIT": "0",
        # Mail is queued in the database with each sign-up; no worker runs.
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(RUN_DIR / "media"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:18080",
    }
)

from cms.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# Not the checkout's staticfiles/: a run must leave the project's files alone.
STATIC_ROOT = RUN_DIR / "static"
