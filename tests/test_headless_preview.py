"""Previews in a separate front end (cms.headless_preview): the admin sends
the editor there with a signed, short-lived token, and only that token
gets the draft out of the API."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.test_hostile_input import policy

FRONT_END = "https://front.example.org/preview/?site=groups"
PREVIEW_API = "/api/v2/page_preview/"


@pytest.fixture
def headless(settings):
    settings.HEADLESS_PREVIEW_URL = FRONT_END


@pytest.fixture
def draft(group_page):
    """The group with a draft whose summary is not published."""
    group_page.summary = "The draft summary."
    group_page.save_revision()
    return group_page


def preview_link(client, page):
    """Where the admin's "Preview" of the page's latest draft sends the editor."""
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 302
    return response["Location"]


def token_of(link):
    return parse_qs(urlsplit(link).query)["token"][0]


def test_the_admin_sends_the_editor_to_the_front_end_with_a_token(
    client, editor, draft, headless
):
    client.force_login(editor)

    link = preview_link(client, draft)

    assert link.startswith("https://front.example.org/preview/?")
    query = parse_qs(urlsplit(link).query)
    assert query["site"] == ["groups"]
    assert query["content_type"] == ["groups.workinggrouppage"]
    assert query["token"][0]


def test_the_api_answers_the_draft_with_the_token(client, editor, draft, headless):
    client.force_login(editor)
    link = preview_link(client, draft)
    front_end = Client()  # the front end's own request: no session

    response = front_end.get(
        PREVIEW_API,
        {"content_type": "groups.workinggrouppage", "token": token_of(link)},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    data = response.json()
    assert data["id"] == draft.pk
    assert data["meta"]["type"] == "groups.WorkingGroupPage"
    assert data["summary"] == "The draft summary."
    assert data["principles"] == [
        "First principle.",
        "Second principle.",
        "Third principle.",
    ]
    assert data["meta"]["parent"]["id"] == draft.get_parent().pk
    # The published page is unchanged for everybody else.
    live = front_end.get(f"/api/v2/pages/{draft.pk}/").json()
    assert live["summary"] == "What the Immigration Working Group does."


def test_unsaved_changes_in_the_editor_are_previewed(
    client, editor, group_page, headless
):
    client.force_login(editor)
    form = nested_form_data(
        {
            "title": group_page.title,
            "slug": group_page.slug,
            "summary": "Typed, not saved.",
            "description": rich_text(group_page.description),
            "principles_intro": group_page.principles_intro,
            "closing_text": rich_text(""),
            "principles": inline_formset(
                [
                    {"id": principle.pk, "text": text, "ORDER": str(order)}
                    for order, (principle, text) in enumerate(
                        zip(
                            group_page.principles.all(),
                            ["Changed first.", "Second principle.", "Third principle."],
                            strict=True,
                        )
                    )
                ]
                + [{"text": "A brand new principle.", "ORDER": "3"}],
                initial=3,
            ),
        }
    )
    preview = f"/admin/pages/{group_page.pk}/edit/preview/"

    assert client.post(preview, form).json()["is_valid"] is True
    link = client.get(preview)["Location"]

    data = Client().get(PREVIEW_API, {"token": token_of(link)}).json()
    assert data["summary"] == "Typed, not saved."
    assert data["principles"] == [
        "Changed first.",
        "Second principle.",
        "Third principle.",
        "A brand new principle.",
    ]
    group_page.refresh_from_db()
    assert group_page.summary == "What the Immigration Working Group does."


@pytest.mark.parametrize(
    ("query", "status"),
    [({}, 400), ({"token": "forged"}, 403), ({"token": "key:1abcde:forged"}, 403)],
)
def test_no_draft_without_a_valid_token(client, draft, query, status):
    response = client.get(PREVIEW_API, query)

    assert response.status_code == status
    assert "The draft summary." not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_token_for_another_page_type_is_refused(client, editor, draft, headless):
    client.force_login(editor)
    token = token_of(preview_link(client, draft))

    response = Client().get(
        PREVIEW_API, {"content_type": "groups.joinpage", "token": token}
    )

    assert response.status_code == 400
    assert "The draft summary." not in response.content.decode()


def test_an_expired_token_is_refused(client, editor, draft, headless, settings):
    client.force_login(editor)
    token = token_of(preview_link(client, draft))
    later = time.time() + settings.HEADLESS_PREVIEW_SECONDS + 1

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = Client().get(PREVIEW_API, {"token": token})

    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_a_forged_signature_on_a_real_key_is_refused(client, editor, draft, headless):
    client.force_login(editor)
    key, timestamp, _signature = token_of(preview_link(client, draft)).split(":")

    response = Client().get(PREVIEW_API, {"token": f"{key}:{timestamp}:forged"})

    assert response.status_code == 403
    assert "not valid" in response.json()["detail"]


def test_the_pages_api_never_shows_a_draft(client, draft, headless):
    response = client.get(f"/api/v2/pages/{draft.pk}/")

    assert response.json()["summary"] == "What the Immigration Working Group does."


def test_without_a_front_end_the_sites_own_preview_is_shown(client, editor, draft):
    client.force_login(editor)

    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")

    assert response.status_code == 200
    assert "The draft summary." in response.content.decode()


def test_the_editor_may_frame_the_front_ends_preview(client, editor, draft, headless):
    client.force_login(editor)

    editor_page = client.get(f"/admin/pages/{draft.pk}/edit/")

    assert policy(editor_page)["frame-src"] == ["'self'", "https://front.example.org"]
    assert policy(Client().get("/"))["frame-src"] == ["'self'"]


def test_a_page_not_yet_saved_is_previewed(client, editor, index_page, headless):
    client.force_login(editor)
    form = nested_form_data(
        {
            "title": "Housing Working Group",
            "slug": "housing",
            "summary": "A group still being written.",
            "description": rich_text("<p>About housing.</p>"),
            "principles_intro": "",
            "closing_text": rich_text(""),
            "principles": inline_formset([{"text": "Homes for all.", "ORDER": "0"}]),
        }
    )
    preview = f"/admin/pages/add/groups/workinggrouppage/{index_page.pk}/preview/"

    assert client.post(preview, form).json()["is_valid"] is True
    link = client.get(preview)["Location"]

    data = Client().get(PREVIEW_API, {"token": token_of(link)}).json()
    assert data["title"] == "Housing Working Group"
    assert data["principles"] == ["Homes for all."]
    assert data["meta"]["parent"]["id"] == index_page.pk


def test_only_the_front_ends_origin_may_read_a_preview(client, editor, draft, headless):
    client.force_login(editor)
    token = token_of(preview_link(client, draft))
    front_end = Client()

    allowed = front_end.get(
        PREVIEW_API, {"token": token}, HTTP_ORIGIN="https://front.example.org"
    )
    other = front_end.get(
        PREVIEW_API, {"token": token}, HTTP_ORIGIN="https://elsewhere.example"
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://front.example.org"
    assert "Access-Control-Allow-Credentials" not in allowed
    assert "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]
