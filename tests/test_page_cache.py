"""The cache of anonymous visitors' pages (cms.page_cache)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from groups.models import MembershipRequest
from tests.helpers import sign_up


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    response.queries = len(queries)
    return response


def test_a_second_visit_is_served_from_the_cache_without_a_query(client, group_page):
    first = get(client, "/working-groups/immigration/")
    second = get(client, "/working-groups/immigration/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.queries == 0
    assert second.content == first.content
    assert (
        "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    )


def test_publishing_a_group_refreshes_the_index_at_once(client, group_page):
    get(client, "/working-groups/")
    assert get(client, "/working-groups/")["X-Page-Cache"] == "hit"

    group_page.summary = "A brand new summary."
    group_page.save_revision().publish()

    response = get(client, "/working-groups/")
    assert response["X-Page-Cache"] == "miss"
    assert "A brand new summary." in response.content.decode()


def test_unpublishing_removes_the_page_from_the_cache(client, group_page):
    get(client, "/working-groups/immigration/")

    group_page.unpublish()

    assert client.get("/working-groups/immigration/").status_code == 404


def test_a_page_made_private_leaves_the_cache_at_once(client, group_page):
    get(client, "/working-groups/immigration/")

    PageViewRestriction.objects.create(page=group_page, restriction_type="login")

    response = client.get("/working-groups/immigration/")
    assert response.status_code == 302


def test_logged_in_visitors_bypass_it_and_are_never_shared(
    client, group_page, member_factory, document_factory
):
    member = member_factory("member@example.org", group_page)
    document_factory("Strategy memo", group_page.collection)
    client.force_login(member)

    response = get(client, "/working-groups/immigration/")

    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert "Strategy memo" in response.content.decode()
    anonymous = Client().get("/working-groups/immigration/")
    assert "Strategy memo" not in anonymous.content.decode()
    assert "Members' documents" not in anonymous.content.decode()


@pytest.mark.parametrize(
    "url", ["/search/?q=tax", "/admin/login/", "/api/v2/documents/", "/healthz"]
)
def test_query_strings_and_non_pages_are_not_cached(client, group_page, url):
    client.get(url)

    assert client.get(url).get("X-Page-Cache") != "hit"


def csrf_token(response):
    return re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    ).group(1)


def test_the_join_page_is_cached_and_every_visitor_gets_a_working_csrf_token(
    join_groups,
):
    first_visitor, second_visitor = (
        Client(enforce_csrf_checks=True),
        Client(enforce_csrf_checks=True),
    )
    first = first_visitor.get("/join/")
    second = second_visitor.get("/join/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert csrf_token(first) != csrf_token(second)
    assert "csrftoken" in second.cookies
    assert "private" in second["Cache-Control"]
    for visitor, page, email in (
        (first_visitor, first, "one@example.org"),
        (second_visitor, second, "two@example.org"),
    ):
        response = visitor.post(
            "/join/", {**sign_up(email=email), "csrfmiddlewaretoken": csrf_token(page)}
        )
        assert response.status_code == 302
    assert (
        MembershipRequest.objects.filter(
            email__in=["one@example.org", "two@example.org"]
        ).count()
        == 4
    )


def test_csrf_is_still_enforced_on_the_join_page(join_groups):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/join/")

    response = visitor.post("/join/", sign_up())

    assert response.status_code == 403
    assert not MembershipRequest.objects.exists()


def test_head_requests_are_answered_from_the_cache(client, group_page):
    client.get("/working-groups/")

    response = client.head("/working-groups/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_off_with_zero_seconds(client, group_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/working-groups/")

    assert client.get("/working-groups/")["X-Page-Cache"] == "bypass"


def test_publishing_a_group_purges_the_pages_listing_it_from_the_cdn(
    group_page, join_page, purged
):
    group_page.save_revision().publish()

    assert "http://127.0.0.1:8000/working-groups/" in purged
    assert "http://127.0.0.1:8000/join/" in purged


def test_moving_a_page_purges_it_from_the_cdn(group_page, index_page, purged):
    group_page.move(index_page, pos="last-child")

    assert "http://127.0.0.1:8000/working-groups/immigration/" in purged
