"""The mail server and the task worker fail under a running site (gunicorn
and `manage.py db_worker` with the production settings, a real SMTP server):
sign-ups are taken at once and every e-mail is delivered in the end."""

import asyncio
import threading
import time

import pytest
import requests
from aiosmtpd.controller import Controller
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.helpers import free_port
from tests.servers import (
    clear_database_cache,
    database_url,
    join_payload,
    server_environment,
    start_gunicorn,
    start_worker,
    stop,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Inbox:
    """An SMTP server's handler: who got a message; with `stall_first`, the
    first delivery hangs (and is refused) to catch a worker mid-task."""

    def __init__(self, stall_first=False):
        self.recipients = []
        self.stalled = threading.Event()
        if not stall_first:
            self.stalled.set()

    async def handle_DATA(self, server, session, envelope):
        if not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(5)
            return "451 Try again later"
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def site(settings, tmp_path, group_page):
    """A gunicorn server sending mail to 127.0.0.1:`port`, and a way to
    start workers (stopped at the end)."""
    clear_database_cache()
    port = free_port()
    env = server_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=None,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        EMAIL_TIMEOUT="10",
        MAIL_RETRY_FIRST_DELAY="1",
        TASK_STUCK_AFTER_MINUTES="0.05",  # three seconds
    )
    server, url = start_gunicorn(env, tmp_path / "gunicorn.log")
    workers = []

    def start():
        workers.append(start_worker(env, tmp_path / f"worker-{len(workers)}.log"))
        return workers[-1]

    yield url, port, start
    for process in [server, *workers]:
        stop(process)


def sign_up_people(url, count):
    """`count` sign-ups through the API, each answered at once; their addresses."""
    emails = [f"person{number}@example.org" for number in range(count)]
    for email in emails:
        started = time.monotonic()
        response = requests.post(f"{url}/api/v2/join/", json=join_payload(email))
        assert response.status_code == 201, response.text
        assert time.monotonic() - started < 2
    return emails


def wait_until(condition, message, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.2)


def wait_for_mail(inbox, emails):
    wait_until(
        lambda: set(emails) <= set(inbox.recipients),
        lambda: f"delivered only to {inbox.recipients}",
    )


def unfinished_tasks():
    """Those that failed, are queued or are "running"."""
    return DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)


def retried_tasks():
    return [
        task
        for task in DBTaskResult.objects.all()
        if task.args_kwargs["kwargs"].get("attempt", 1) > 1
    ]


def test_sign_ups_while_the_mail_server_is_down_are_mailed_when_it_is_back(site):
    url, port, start_worker = site
    start_worker()

    emails = sign_up_people(url, 3)
    # The worker tries, fails and schedules the next attempts.
    wait_until(retried_tasks, lambda: "no delivery was tried again")

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        wait_for_mail(inbox, emails)
    finally:
        smtp.stop()
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_a_worker_killed_mid_task_loses_nothing(site):
    url, port, start_worker = site
    inbox = Inbox(stall_first=True)
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        emails = sign_up_people(url, 5)
        worker = start_worker()
        assert inbox.stalled.wait(timeout=20), "the worker sent nothing"
        worker.kill()  # SIGKILL, in the middle of sending
        worker.wait()
        start_worker()  # as systemd does

        wait_for_mail(inbox, emails)
    finally:
        smtp.stop()
    wait_until(
        lambda: not unfinished_tasks().exists(),
        lambda: f"tasks left: {list(unfinished_tasks().values('status'))}",
    )
