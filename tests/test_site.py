"""Site-wide pieces: health check, search, settings."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from wagtail.models import PageViewRestriction


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch(
        "cms.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_search_finds_a_group_by_its_principles(client, group_page):
    response = client.get("/search/", {"q": "principle"})

    assert response.status_code == 200
    assert "Immigration Working Group" in response.content.decode()


def test_search_never_shows_a_restricted_or_draft_page(client, group_page_factory):
    secret = group_page_factory(
        "Secret Strategy Working Group", slug="secret", summary="Confidential plans."
    )
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    draft = group_page_factory(
        "Unannounced Working Group", slug="unannounced", summary="Confidential plans."
    )
    draft.unpublish()

    html = client.get("/search/", {"q": "Confidential"}).content.decode()

    assert "Secret Strategy" not in html
    assert "Unannounced" not in html
    assert "0 results" in html


def test_search_results_are_paged_and_the_next_page_keeps_the_query(
    client, group_page_factory
):
    for number in range(12):
        group_page_factory(f"Budget Working Group {number:02}")

    first = client.get("/search/", {"q": "budget"}).content.decode()
    second = client.get("/search/", {"q": "budget", "page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert 'href="?q=budget&amp;page=2">Next</a>' in first
    assert 'href="?q=budget&amp;page=1">Previous</a>' in second


def test_search_with_no_query_shows_the_form(client, db):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert 'maxlength="200"' in response.content.decode()


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_behind_the_proxy_forwarded_https_is_honoured(client, home_page):
    assert client.get("/").status_code == 301
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def production_settings(**environ):
    """Import the real settings in a fresh interpreter with this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="cms.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, settings.SECURE_PROXY_SSL_HEADER)",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set"),
    ],
)
def test_without_debug_it_refuses_to_start_unconfigured(environ, message):
    result = production_settings(**environ)

    assert result.returncode != 0
    assert message in result.stderr


def test_without_debug_cookies_are_secure_and_hsts_is_on():
    result = production_settings(
        DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]
