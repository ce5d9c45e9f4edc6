"""E-mail goes through the task queue: a mail server outage loses nothing."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.mail import retry_delay
from cms.management.commands.db_worker import requeue_stuck_tasks
from groups.models import MembershipRequest
from tests.helpers import free_port, sign_up

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


def run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0"
    )


# The worker commits and closes connections as in production, so this test
# runs outside a wrapping transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_mail_server_down_then_up(client, join_groups, smtp_port):
    # The server is down: the sign-up is saved and answered as usual.
    response = client.post("/join/", sign_up())
    assert response.status_code == 302
    assert MembershipRequest.objects.count() == 2
    (queued,) = DBTaskResult.objects.ready()
    assert queued.task_path == "cms.mail.deliver_email"

    run_worker()  # fails to connect, and schedules the next attempt

    (retry,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()
    assert not DBTaskResult.objects.ready().exists()  # not before its time

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        run_worker()
    finally:
        server.stop()

    (delivered,) = inbox.messages
    assert delivered["To"] == "jane.doe@example.org"
    assert "Confirm" in delivered["Subject"]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_retries_back_off_up_to_an_hour():
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(2) == timedelta(minutes=2)
    assert retry_delay(5) == timedelta(minutes=16)
    assert retry_delay(12) == timedelta(hours=1)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_left_running_by_a_dead_worker_goes_back_in_the_queue(
    client, join_groups, smtp_port
):
    client.post("/join/", sign_up())
    task = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    fresh = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="cms.mail.deliver_email",
        backend_name="default",
        run_after=timezone.now(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
    )

    assert requeue_stuck_tasks() == 1

    task.refresh_from_db()
    fresh.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert fresh.status == TaskResultStatus.RUNNING


def test_a_mail_server_that_never_answers_cannot_hang_a_worker(settings):
    from cms import settings as project_settings

    assert 0 < project_settings.EMAIL_TIMEOUT <= 30
