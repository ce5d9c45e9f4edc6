"""Helpers shared by the tests."""

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

PASSWORD = "a-long-pass-phrase"
ROOT = Path(__file__).resolve().parent.parent

# What the test run sets in its own environment and a production process
# must not inherit (the browser tests allow Django's async-unsafe calls).
TEST_ONLY_ENVIRONMENT = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_environment():
    """This process's environment without what only the test run sets."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in TEST_ONLY_ENVIRONMENT
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Real processes (gunicorn, the task worker) with the production settings.


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


def sign_up(**overrides):
    """The join form's fields, valid, with `overrides` (None drops a field)."""
    data = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane.doe@example.org",
        "state": "MN",
        "chamber": "house",
        "district": "42B",
        "role": "legislator",
        "phone": "",
        "groups": ["tax-fairness", "health-reform"],
        "agree_principles": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_path(message):
    """The path of the link in a confirmation e-mail."""
    return re.search(
        r"http://127\.0\.0\.1:8000(/join/confirm/[^/\s]+/)", message.body
    ).group(1)


def password_reset_path(message):
    """The path of the set-a-password link in an e-mail."""
    return re.search(
        r"http://127\.0\.0\.1:8000(/accounts/password/reset/key/\S+/)", message.body
    ).group(1)
