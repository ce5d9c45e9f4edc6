"""PostgreSQL restarts under load: once it is back, no request fails and
/healthz says so within seconds. On a PostgreSQL of the test's own (initdb
in a temporary folder, another port), a copy of the test database, so the
suite's own server is never disturbed."""

import glob
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.management import call_command
from django.db import connection

from tests.helpers import free_port
from tests.servers import join_payload, server_environment, start_gunicorn, stop

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POSTGRES_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def as_postgres(*command):
    """PostgreSQL's tools refuse to run as root."""
    prefix = ["runuser", "-u", "postgres", "--"] if shutil.which("runuser") else []
    return subprocess.run(
        [*prefix, *command], check=True, capture_output=True, text=True
    )


@pytest.fixture
def demo_content(transactional_db):
    call_command("load_demo_content", stdout=None)


@pytest.fixture
def own_postgres(demo_content):
    """A PostgreSQL server of this test's own holding a copy of the test
    database with the demo content: (its DATABASE_URL, a function that
    restarts it)."""
    if not POSTGRES_BIN or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL's server programs and runuser")
    bin_dir = POSTGRES_BIN[-1]
    folder = tempfile.mkdtemp(prefix="working-groups-postgres-")
    shutil.chown(folder, "postgres")
    data, port = f"{folder}/data", free_port()
    as_postgres(f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres")
    pg_ctl = [
        f"{bin_dir}/pg_ctl",
        "-D",
        data,
        "-l",
        f"{folder}/server.log",
        "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
        "-w",
    ]
    as_postgres(*pg_ctl, "start")
    try:
        source = connection.settings_dict
        as_postgres(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "copy")
        dump = subprocess.run(
            [
                f"{bin_dir}/pg_dump",
                "--no-owner",
                f"--host={source['HOST']}",
                f"--port={source['PORT']}",
                f"--username={source['USER']}",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                f"{bin_dir}/psql",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                f"postgres://postgres@127.0.0.1:{port}/copy",
            ],
            input=dump.stdout,
            check=True,
            capture_output=True,
        )
        yield (
            f"postgres://postgres@127.0.0.1:{port}/copy",
            lambda: as_postgres(*pg_ctl, "-m", "fast", "restart"),
        )
    finally:
        as_postgres(*pg_ctl, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_no_request_fails_once_postgresql_is_back_after_a_restart(
    own_postgres, settings, tmp_path
):
    database, restart = own_postgres
    env = server_environment(
        DATABASE_URL=database,
        REDIS_URL=None,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        GUNICORN_WORKERS="2",
    )
    server, url = start_gunicorn(env, tmp_path / "gunicorn.log")
    paths = [
        "/working-groups/immigration/",  # cached: no query
        "/working-groups/?page=1",  # not cached
        "/search/?q=tax",
        "/api/v2/pages/?type=groups.WorkingGroupPage",
        "/join/",
    ]
    answers = []  # (started, finished, what, status)
    stopping = threading.Event()

    def visit(number):
        while not stopping.is_set():
            number += 1
            started = time.monotonic()
            try:
                if number % 7 == 0:
                    what = "POST /api/v2/join/"
                    status = requests.post(
                        f"{url}/api/v2/join/",
                        json=join_payload(f"load{number}@example.org"),
                        timeout=10,
                    ).status_code
                else:
                    what = paths[number % len(paths)]
                    status = requests.get(f"{url}{what}", timeout=10).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            answers.append((started, time.monotonic(), what, status))

    try:
        # Fewer visitors than server threads: some connections are idle
        # across the restart, as most are in production.
        with ThreadPoolExecutor(2) as visitors:
            for number in range(2):
                visitors.submit(visit, number * 1000)
            time.sleep(2)
            restarting = time.monotonic()
            restart()
            back = time.monotonic()
            healthy = None
            while healthy is None and time.monotonic() < back + 10:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    healthy = time.monotonic()
                time.sleep(0.1)
            time.sleep(4)
            stopping.set()
    finally:
        stopping.set()
        stop(server)

    assert healthy is not None and healthy - back < 3, "/healthz did not recover"
    before = [status for _, finished, _, status in answers if finished < restarting]
    assert before and set(before) <= {200, 201}
    after = [(what, status) for started, _, what, status in answers if started > back]
    assert len(after) > 20
    failed = [(what, status) for what, status in after if status not in (200, 201)]
    assert not failed, failed
