"""Caching of the pages API (cms.api_cache): ETag and Cache-Control on
anonymous answers, changed on publish, purged from the CDN."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGES = "/api/v2/pages/"


def test_an_anonymous_answer_is_public_with_an_etag(client, group_page):
    response = client.get(PAGES, {"type": "groups.WorkingGroupPage"})

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_a_second_call_is_answered_from_the_cache(client, group_page):
    detail = f"{PAGES}{group_page.pk}/"
    first = client.get(detail)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(detail)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"
    assert not [q for q in queries if "wagtailcore_page" in q["sql"]]


def test_publishing_replaces_the_cached_answer(client, group_page):
    detail = f"{PAGES}{group_page.pk}/"
    assert client.get(detail)["X-Page-Cache"] == "miss"

    group_page.summary = "A brand new summary."
    group_page.save_revision().publish()

    response = client.get(detail)
    assert response["X-Page-Cache"] == "miss"
    assert response.json()["summary"] == "A brand new summary."


def test_answers_with_a_query_string_are_not_kept(client, group_page):
    query = {"type": "groups.WorkingGroupPage", "offset": 12345}
    client.get(PAGES, query)

    response = client.get(PAGES, query)

    assert response["X-Page-Cache"] == "bypass"
    assert "public" in response["Cache-Control"]


def test_the_etag_answers_304_without_reading_the_pages(client, group_page):
    etag = client.get(PAGES)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGES, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert not [q for q in queries if "wagtailcore_page" in q["sql"]]
    # A compressing proxy weakens it; still the same answer.
    assert client.get(PAGES, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_each_url_has_its_own_etag(client, group_page):
    listing = client.get(PAGES)["ETag"]
    detail = client.get(f"{PAGES}{group_page.pk}/")

    assert detail["ETag"] != listing
    assert (
        client.get(PAGES, {"limit": 1}, HTTP_IF_NONE_MATCH=listing).status_code == 200
    )


def test_publishing_changes_the_etag_and_the_answer(client, group_page):
    detail = f"{PAGES}{group_page.pk}/"
    etag = client.get(detail)["ETag"]

    group_page.summary = "A brand new summary."
    group_page.save_revision().publish()

    response = client.get(detail, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["summary"] == "A brand new summary."


def test_unpublishing_changes_the_etag(client, group_page):
    detail = f"{PAGES}{group_page.pk}/"
    etag = client.get(detail)["ETag"]

    group_page.unpublish()

    response = client.get(detail, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 404
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_caller_with_a_session_gets_a_private_answer(
    client, group_page, user_factory
):
    client.force_login(user_factory())

    response = client.get(PAGES)

    assert response.status_code == 200
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/api/v2/documents/", "/api/v2/images/"])
def test_other_endpoints_are_never_public(client, group_page, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_publishing_purges_the_pages_api_from_the_cdn(group_page, index_page, purged):
    group_page.save_revision().publish()

    assert "http://127.0.0.1:8000/api/v2/pages/" in purged
    assert f"http://127.0.0.1:8000/api/v2/pages/{group_page.pk}/" in purged
    assert f"http://127.0.0.1:8000/api/v2/pages/{index_page.pk}/" in purged


def test_while_the_cache_is_down_nothing_is_marked_public(client, group_page):
    etag = client.get(PAGES)["ETag"]

    # A dead Redis answers every read with nothing (cms.cache).
    with mock.patch("cms.page_cache.cache.get", return_value=None):
        response = client.get(PAGES, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")
