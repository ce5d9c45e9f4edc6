"""The headless API: pages with the group fields, documents only when viewable."""

import base64

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection


@pytest.fixture
def public_collection(db):
    return Collection.objects.get(name="Public")


def make_document(title, collection):
    return get_document_model().objects.create(
        title=title,
        collection=collection,
        file=ContentFile(b"%PDF-1.4 test", name=f"{title}.pdf"),
    )


@override_settings(WAGTAILADMIN_BASE_URL="https://groups.example.org")
def test_group_fields_and_principles_in_order(client, group_page):
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "groups.WorkingGroupPage",
            "fields": "summary,description,principles_intro,principles,join_url",
        },
    )

    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["summary"] == "What the Immigration Working Group does."
    assert item["description"] == "<p>About the Immigration Working Group.</p>"
    assert item["principles_intro"] == "We believe that:"
    assert item["principles"] == [
        "First principle.",
        "Second principle.",
        "Third principle.",
    ]
    # Absolute, as html_url is: a partner site links to it as it is.
    assert item["join_url"] == "https://groups.example.org/join/?groups=immigration"


def test_group_detail_has_the_fields(client, group_page):
    item = client.get(f"/api/v2/pages/{group_page.pk}/").json()

    assert item["title"] == "Immigration Working Group"
    assert item["principles"][0] == "First principle."


def test_documents_endpoint_hides_documents_in_restricted_collections(
    client, group_page, public_collection
):
    public = make_document("Annual report", public_collection)
    private = make_document("Strategy memo", group_page.collection)

    listing = client.get("/api/v2/documents/").json()
    assert [item["title"] for item in listing["items"]] == ["Annual report"]
    assert listing["meta"]["total_count"] == 1
    assert client.get(f"/api/v2/documents/{public.pk}/").status_code == 200
    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 404
    assert (
        client.get("/api/v2/documents/", {"search": "Strategy"}).json()["items"] == []
    )


def test_a_member_of_the_group_sees_its_documents(client, group_page, user_factory):
    private = make_document("Strategy memo", group_page.collection)
    member = user_factory("member@example.org")
    member.groups.add(group_page.members_group)
    client.force_login(member)

    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 200


def test_basic_auth_is_ignored(client, group_page, user_factory):
    private = make_document("Strategy memo", group_page.collection)
    member = user_factory("member@example.org", password="a-long-pass-phrase")
    member.groups.add(group_page.members_group)
    credentials = base64.b64encode(b"member@example.org:a-long-pass-phrase").decode()

    response = client.get(
        f"/api/v2/documents/{private.pk}/", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )

    assert response.status_code == 404
    assert "sessionid" not in response.cookies


def test_the_browsable_api_is_off(client, group_page):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")

    assert response["Content-Type"].startswith("application/json")
