"""README's runbook ("First deployment, step by step") followed on this
machine as far as it needs neither root nor systemd, in a temporary folder:
`make deploy-check`. Slow (a venv and every dependency from the package
index), so `make test` skips it. The step numbers are the README's."""

import os
import re
import shlex
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import requests

from tests.helpers import free_port
from tests.servers import (
    NGINX,
    NGINX_MISSING,
    ROOT,
    shipped_nginx_configuration,
    start_nginx,
    stop,
    wait_for,
)

HOST = "localhost"
REDIS_URL = "redis://127.0.0.1:6379/15"
# What systemd gives a service: nothing of this test run's environment.
CLEAN_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
# The units' commands take the environment file as systemd's
# EnvironmentFile= does; manage.py takes it as README's manage() does.
WITH_ENVIRONMENT = 'set -a; . "$0"; set +a; exec "$@"'

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("RUNBOOK_CHECK"), reason="slow: `make deploy-check` runs it"
    ),
    pytest.mark.skipif(NGINX is None, reason=NGINX_MISSING),
]


def run(*command, env=None, **options):
    subprocess.run(
        [str(part) for part in command],
        check=True,
        env={**CLEAN_ENVIRONMENT, **(env or {})},
        **options,
    )


def database_server():
    """The PostgreSQL of DATABASE_URL (tests/settings.py's default)."""
    url = urlsplit(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
    )
    return ["-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username]


def environment_file(path, values):
    """deploy/env.example with `values` set, as the operator edits it."""
    text = (ROOT / "deploy" / "env.example").read_text()
    for name, value in values.items():
        line = f"{name}={shlex.quote(value)}"
        text, found = re.subn(rf"^{name}=.*$", line, text, flags=re.M)
        if not found:
            text += line + "\n"
    path.write_text(text)
    path.chmod(0o640)


def exec_start(unit, checkout):
    """The command of a systemd unit, run from `checkout`."""
    text = (ROOT / "deploy" / "systemd" / unit).read_text()
    command = re.search(r"^ExecStart=(.+)$", text, re.M).group(1)
    return shlex.split(command.replace("/srv/working-groups", str(checkout)))


def test_the_runbook_gives_a_site_that_answers_over_tls(tmp_path):
    # 2. The checkout (this one's last commit).
    checkout = tmp_path / "srv" / "working-groups"
    run("git", "clone", "--quiet", ROOT, checkout)

    # 3. The venv and the locked dependencies.
    run(sys.executable, "-m", "venv", ".venv", cwd=checkout)
    pip = [".venv/bin/pip", "install", "--quiet", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "-r", "requirements.lock", cwd=checkout)

    # 4. The database role and its database.
    name = "working_groups_runbook_check"
    server = database_server()
    run("dropdb", *server, "--if-exists", name)
    run("psql", *server, "-q", "-d", "postgres", "-c", f"DROP ROLE IF EXISTS {name}")
    run("createuser", *server, name)
    run("createdb", *server, "--owner", name, name)

    # 5. and 6. The environment file, and a writable MEDIA_ROOT.
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env_file = tmp_path / "etc" / "working-groups" / "env"
    env_file.parent.mkdir(parents=True)
    (checkout / "media").mkdir()
    environment_file(
        env_file,
        {
            "SECRET_KEY": "runbook-check-" + "x" * 50,
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
            "DATABASE_URL": f"postgres://{name}@{server[1]}:{server[3]}/{name}",
            "REDIS_URL": REDIS_URL,
            "EMAIL_URL": "consolemail://",
            "MEDIA_ROOT": str(checkout / "media"),
            # Not in the runbook: this machine may run other servers.
            "GUNICORN_BIND": f"127.0.0.1:{app_port}",
            "RUNTIME_DIRECTORY": str(tmp_path / "run"),
        },
    )
    (tmp_path / "run").mkdir()

    # 7. to 9. manage.py with that environment: schema, static files, pages,
    # the first admin.
    def manage(*args, **env):
        run(
            "sh",
            "-c",
            WITH_ENVIRONMENT,
            env_file,
            ".venv/bin/python",
            "manage.py",
            *args,
            cwd=checkout,
            env=env,
        )

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("check", "--deploy", "--fail-level", "WARNING")
    manage("load_demo_content")
    manage(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_EMAIL="admin@example.org",
        DJANGO_SUPERUSER_PASSWORD="a-long-pass-phrase",
    )

    # 10. and 12. The units' commands, and nginx with the shipped files.
    services = [
        subprocess.Popen(
            ["sh", "-c", WITH_ENVIRONMENT, env_file, *exec_start(unit, checkout)],
            cwd=checkout,
            env=CLEAN_ENVIRONMENT,
            stderr=(tmp_path / f"{unit}.log").open("w"),
        )
        for unit in ("working-groups-web.service", "working-groups-worker.service")
    ]
    (tmp_path / "nginx").mkdir()
    try:
        services.append(
            start_nginx(
                shipped_nginx_configuration(
                    tmp_path / "nginx",
                    host=HOST,
                    http_port=http_port,
                    https_port=https_port,
                    app_port=app_port,
                    static_root=checkout / "staticfiles",
                    media_root=checkout / "media",
                )
            )
        )
        site = f"https://{HOST}:{https_port}"
        certificate = tmp_path / "nginx" / "cert.pem"
        wait_for(site, verify=certificate)

        for path, text in (
            ("/", "Working Groups"),
            ("/working-groups/", "Immigration"),
            ("/join/", "Join"),
            ("/accounts/login/", "Log in"),
        ):
            response = requests.get(f"{site}{path}", verify=certificate)
            assert response.status_code == 200, path
            assert text in response.text, path
        stylesheet = re.search(r'href="(/static/css/[^"]+)"', response.text).group(1)
        assert requests.get(f"{site}{stylesheet}", verify=certificate).ok
        assert all(service.poll() is None for service in services)
    finally:
        for service in reversed(services):
            stop(service)
