"""Redis dies under a running site (gunicorn, the production settings): the
site stays up, uncached, and uses Redis again once it is back."""

import time

import pytest
import requests
from django.core.management import call_command
from django.db import connection

from groups.models import MembershipRequest, WorkingGroupPage
from tests.helpers import free_port, sign_up
from tests.servers import (
    BehindTheProxy,
    csrf_token,
    database_url,
    join_payload,
    log_in,
    person,
    server_environment,
    start_gunicorn,
    start_redis,
    stop,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def redis_port():
    return free_port()


@pytest.fixture
def site(settings, tmp_path, redis_port):
    """One gunicorn server on the test database and a Redis of its own."""
    redis_server = start_redis(redis_port, tmp_path / "redis.log")
    env = server_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    try:
        server, url = start_gunicorn(env, tmp_path / "gunicorn.log")
    except TimeoutError:
        stop(redis_server)
        raise
    call_command("load_demo_content", stdout=None)
    processes = {"redis": redis_server}
    yield url, processes
    stop(server)
    stop(processes["redis"])


def test_the_site_runs_without_redis_and_recovers_when_it_is_back(
    site, redis_port, tmp_path
):
    url, processes = site
    person("member@example.org", WorkingGroupPage.objects.get(slug="immigration"))
    member = BehindTheProxy()
    log_in(member, url, "member@example.org")
    page = f"{url}/working-groups/immigration/"
    requests.get(page)
    assert requests.get(page).headers["X-Page-Cache"] == "hit"

    processes["redis"].kill()
    processes["redis"].wait()
    started = time.monotonic()

    # Public pages are served, from the database.
    response = requests.get(page)
    assert response.status_code == 200
    assert "Immigration Working Group" in response.text
    # Sign-ups are taken, through the join page and the API.
    visitor = BehindTheProxy()
    form = visitor.get(f"{url}/join/")
    assert form.status_code == 200
    response = visitor.post(
        f"{url}/join/",
        {
            **sign_up(email="form@example.org", groups=["immigration"]),
            "csrfmiddlewaretoken": csrf_token(form.text),
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:1000]
    response = requests.post(
        f"{url}/api/v2/join/", json=join_payload("api@example.org")
    )
    assert response.status_code == 201, response.text
    assert set(MembershipRequest.objects.values_list("email", flat=True)) == {
        "form@example.org",
        "api@example.org",
    }
    # Sessions are kept in the database too: the member stays logged in.
    response = member.get(f"{url}/members/", allow_redirects=False)
    assert response.status_code == 200
    assert "Immigration Working Group" in response.text
    # A dead Redis costs no waiting.
    assert time.monotonic() - started < 5

    processes["redis"] = start_redis(redis_port, tmp_path / "redis-again.log")

    # Within seconds pages are cached again.
    deadline = time.monotonic() + 15
    while requests.get(page).headers["X-Page-Cache"] != "hit":
        assert time.monotonic() < deadline, "the page cache did not come back"
        time.sleep(0.5)
    assert member.get(f"{url}/members/", allow_redirects=False).status_code == 200
