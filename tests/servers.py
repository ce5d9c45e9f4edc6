"""Real processes for the tests that need them: gunicorn servers and the task
worker with the production settings, and a browser behind the TLS proxy."""

import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.members import mark_verified
from accounts.models import User
from cms.cache import SharedDatabaseCache
from groups.models import Membership
from tests.conftest import current_totp_code
from tests.helpers import PASSWORD, free_port, production_environment

ROOT = Path(__file__).resolve().parent.parent


def database_url(settings_dict):
    """DATABASE_URL for a process on the database of `settings_dict`."""
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def server_environment(**overrides):
    """A production environment on 127.0.0.1, static files collected; the
    DATABASE_URL, MEDIA_ROOT and the rest come in `overrides` (None: unset)."""
    env = {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="working-groups-static-"),
        "EMAIL_URL": "dummymail://",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        **overrides,
    }
    env = {key: value for key, value in env.items() if value is not None}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def start_process(command, env, log_path):
    """Run `command` in the project with `env`, its output in `log_path`
    (kept for a failure)."""
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=Path(log_path).open("w"),
    )


def start_gunicorn(env, log_path):
    """A gunicorn server (deploy/gunicorn.conf.py), once it answers: (its
    process, its URL)."""
    port = free_port()
    process = start_process(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
        {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        log_path,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url)
    except TimeoutError:
        stop(process)
        raise
    return process, url


def start_worker(env, log_path):
    """The task worker (cms's db_worker), polling every tenth of a second."""
    return start_process(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"],
        env,
        log_path,
    )


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(url, timeout=60):
    """Until `url`/healthz answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not start")


class BehindTheProxy(requests.Session):
    """A browser behind the TLS proxy: requests say they came over HTTPS
    (X-Forwarded-Proto, as nginx sets it) and the production settings' secure
    cookies go back over the plain HTTP between proxy and server."""

    def request(self, method, url, **kwargs):
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": url.replace("http://", "https://"),
            **kwargs.pop("headers", {}),
        }
        response = super().request(method, url, headers=headers, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(session, url, email, totp_secret=None):
    page = session.get(f"{url}/accounts/login/")
    response = session.post(
        f"{url}/accounts/login/",
        {
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
    )
    if totp_secret:
        response = session.post(
            f"{url}/accounts/2fa/authenticate/",
            {
                "code": current_totp_code(totp_secret),
                "csrfmiddlewaretoken": csrf_token(response.text),
            },
        )
    assert "sessionid" in session.cookies, response.text[:500]


def person(email, *groups, superuser=False):
    create = User.objects.create_superuser if superuser else User.objects.create_user
    user = create(email)
    # Hashed as the servers' production settings hash (the tests use MD5).
    user.password = PBKDF2PasswordHasher().encode(
        PASSWORD, PBKDF2PasswordHasher().salt()
    )
    user.save()
    mark_verified(user)
    for group in groups:
        Membership.objects.create(user=user, group=group)
    return user


def start_redis(port, log_path):
    """A Redis of the test's own on `port`, keeping nothing on disk."""
    process = start_process(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        production_environment(),
        log_path,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def join_payload(email, group="immigration"):
    """A valid sign-up for POST /api/v2/join/."""
    return {
        "first_name": "Jo",
        "last_name": "Doe",
        "email": email,
        "state": "MN",
        "chamber": "house",
        "district": "1",
        "role": "legislator",
        "groups": [group],
        "agree_principles": True,
    }


def clear_database_cache():
    """Empty the cache table (servers without REDIS_URL use it), which no
    test's flush does: rate-limit counters of earlier tests would count."""
    SharedDatabaseCache("cms_cache", {}).clear()
