"""`make run`'s console: a short banner with the address, the admin's login
and where mail goes, and the steps before it quiet unless asked."""

import logging
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development(settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_the_banner_gives_the_address_the_admin_login_and_where_mail_goes():
    banner = run("create_dev_admin")

    assert "http://127.0.0.1:8000/" in banner
    assert "http://127.0.0.1:8000/admin/" in banner
    assert "admin@example.com" in banner
    password = banner.split("password ")[1].split()[0]
    assert User.objects.get(email="admin@example.com").check_password(password)
    assert "printed in this console" in banner
    assert len(banner.splitlines()) <= 12


def test_later_runs_say_how_to_get_a_password_rather_than_showing_one():
    run("create_dev_admin")

    banner = run("create_dev_admin")

    assert "admin@example.com" in banner
    assert "manage.py changepassword admin@example.com" in banner
    assert "http://127.0.0.1:8000/admin/" in banner


def test_the_banner_names_the_mail_server_when_there_is_one(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "mail.example.org", 587

    assert "mail.example.org:587" in run("create_dev_admin")


def test_the_demo_content_loads_quietly_when_asked(caplog):
    with caplog.at_level(logging.INFO):
        output = run("load_demo_content", "--verbosity", "0")

    assert output == ""
    assert not [record for record in caplog.records if record.name == "wagtail"]


def test_the_demo_content_says_what_it_did_by_default():
    output = run("load_demo_content")

    assert "Created working group page “Immigration Working Group”." in output


@pytest.mark.parametrize(("debug", "level"), [("true", "WARNING"), ("false", "INFO")])
def test_requests_are_logged_once_under_runserver(debug, level):
    # runserver logs each request itself; in production cms.requests does.
    environment = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": "x",
        "ALLOWED_HOSTS": "localhost",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cms import settings; print(settings.LOGGING['loggers']['cms.requests']['level'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == level


def test_the_worker_keeps_task_progress_out_of_the_console():
    from cms.management.commands.db_worker import Command

    tasks_log = logging.getLogger("django_tasks")
    level = tasks_log.level
    try:
        Command().configure_logging(verbosity=1)

        assert tasks_log.getEffectiveLevel() == logging.WARNING
    finally:
        tasks_log.setLevel(level)
