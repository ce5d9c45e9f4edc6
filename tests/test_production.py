"""Production settings and what every response carries."""

import json
import logging
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

from tests.helpers import production_environment

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **environ):
    env = production_environment()
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="example.org",
        REDIS_URL="redis://127.0.0.1:6379/13",
        DJANGO_SETTINGS_MODULE="cms.settings",
        **environ,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_redis_holds_cache_sessions_and_rate_limits_when_configured():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)",
    )

    assert result.stdout.split()[-2:] == [
        "cms.cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_object_storage_is_private_when_a_bucket_is_set():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'], settings.AWS_DEFAULT_ACL, settings.AWS_QUERYSTRING_AUTH)",
        AWS_STORAGE_BUCKET_NAME="working-groups",
    )

    assert result.stdout.split()[-3:] == [
        "storages.backends.s3.S3Storage",
        "private",
        "True",
    ]


def test_security_headers_on_a_public_page(client, home_page):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "frame-ancestors 'none'" in policy


def test_one_structured_log_line_per_request(client, home_page, caplog):
    cache.clear()
    with caplog.at_level(logging.INFO, logger="cms.requests"):
        client.get("/")

    (record,) = [r for r in caplog.records if r.name == "cms.requests"]
    line = json.loads(record.getMessage())
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["cache"] == "miss"
