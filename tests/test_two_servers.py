"""Two application servers, one PostgreSQL, one Redis: what one server does,
the other sees. Each runs `gunicorn cms.wsgi` with the production settings."""

import re
import secrets
import tempfile

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from wagtail.test.utils.form_data import querydict_from_html

from accounts.members import mark_verified
from accounts.models import User
from groups.models import GroupDocument, Membership, WorkingGroupPage
from tests.conftest import current_totp_code, with_totp
from tests.helpers import PASSWORD, free_port
from tests.servers import (
    collectstatic,
    gunicorn_environment,
    start_gunicorn,
    stop,
    wait_for,
)

REDIS_URL = "redis://127.0.0.1:6379/12"

pytestmark = [
    pytest.mark.two_servers,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def servers(settings, tmp_path):
    """Two gunicorn servers on the test database, sharing Redis and media."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = gunicorn_environment(
        connection.settings_dict,
        redis_url=REDIS_URL,
        media_root=settings.MEDIA_ROOT,
        static_root=tempfile.mkdtemp(prefix="working-groups-static-"),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="0",
        JOIN_RATE_LIMIT="3/h",
    )
    collectstatic(env)
    ports = [free_port() for _ in range(2)]
    processes = [
        start_gunicorn(env, port, tmp_path / f"gunicorn-{number}.log")
        for number, port in enumerate(ports)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_for(url)
        yield urls
    finally:
        for process in processes:
            stop(process)


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


def test_what_one_server_does_the_other_sees(servers):
    first, second = servers
    call_command("load_demo_content", stdout=None)
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    person("member@example.org", immigration)
    admin_secret = with_totp(person("admin@example.org", superuser=True))

    # A session made on one server is valid on the other.
    member = BehindTheProxy()
    log_in(member, first, "member@example.org")
    response = member.get(f"{second}/members/", allow_redirects=False)
    assert response.status_code == 200 and "Immigration Working Group" in response.text

    # The join rate limit (3 an hour here) counts across both.
    statuses = [
        requests.post(
            f"{server}/api/v2/join/",
            json={
                "first_name": "Jo",
                "last_name": f"Doe {number}",
                "email": f"jo{number}@example.org",
                "state": "MN",
                "chamber": "house",
                "district": "1",
                "role": "legislator",
                "groups": ["immigration"],
                "agree_principles": True,
            },
        ).status_code
        for number, server in enumerate([first, second, first, second])
    ]
    assert statuses == [201, 201, 201, 429]

    # A document uploaded through one server is downloaded through the other.
    admin = BehindTheProxy()
    log_in(admin, first, "admin@example.org", admin_secret)
    form = admin.get(f"{first}/admin/documents/add/")
    response = admin.post(
        f"{first}/admin/documents/add/",
        data={
            "title": "Strategy memo",
            "collection": immigration.collection_id,
            "csrfmiddlewaretoken": csrf_token(form.text),
        },
        files={"file": ("strategy.pdf", b"%PDF-1.4 two servers", "application/pdf")},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    document = GroupDocument.objects.get(title="Strategy memo")
    download = member.get(f"{second}{document.url}")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 two servers"

    # Publishing on one server replaces the page the other has cached.
    page_url = f"{second}/working-groups/immigration/"
    requests.get(page_url)
    assert requests.get(page_url).headers["X-Page-Cache"] == "hit"
    edit_url = f"{first}/admin/pages/{immigration.pk}/edit/"
    data = querydict_from_html(
        admin.get(edit_url).text, form_id="page-edit-form", exclude_csrf=False
    )
    data["summary"] = "Published on the first server."
    data["action-publish"] = "action-publish"
    response = admin.post(edit_url, data=data, allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    refreshed = requests.get(page_url)
    assert refreshed.headers["X-Page-Cache"] == "miss"
    assert "Published on the first server." in refreshed.text
