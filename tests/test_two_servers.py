"""Two application servers, one PostgreSQL, and Redis or not: what one server
does, the other sees. Each runs `gunicorn cms.wsgi` with the production
settings."""

import pytest
import redis
import requests
from django.core.management import call_command
from django.db import connection
from wagtail.test.utils.form_data import querydict_from_html

from groups.models import GroupDocument, WorkingGroupPage
from tests.conftest import with_totp
from tests.servers import (
    BehindTheProxy,
    clear_database_cache,
    csrf_token,
    database_url,
    join_payload,
    log_in,
    person,
    server_environment,
    start_gunicorn,
    stop,
)

REDIS_URL = "redis://127.0.0.1:6379/12"

pytestmark = [
    pytest.mark.two_servers,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=["redis", "database"], ids=["redis", "database-cache"])
def servers(request, settings, tmp_path):
    """Two gunicorn servers on the test database, sharing media and the
    cache: Redis, or without REDIS_URL the database (the default install)."""
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL).flushdb()
    else:
        clear_database_cache()
    env = server_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=REDIS_URL if request.param == "redis" else None,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        JOIN_RATE_LIMIT="3/h",
    )
    started = []
    try:
        for number in range(2):
            started.append(start_gunicorn(env, tmp_path / f"gunicorn-{number}.log"))
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            stop(process)


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
            json=join_payload(f"jo{number}@example.org"),
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
