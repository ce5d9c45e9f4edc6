"""/api/v2/schema/: the OpenAPI document of the public API is valid, and
every path, method and answer it documents is what the API answers."""

import json

import pytest
from django.test import Client, override_settings
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from accounts.models import User
from cms.headless_preview import keep_for_preview
from groups.forms import JoinForm
from groups.joining import MAX_BODY_SIZE
from tests.helpers import sign_up

pytestmark = pytest.mark.usefixtures("join_groups")


@pytest.fixture
def document(client):
    response = client.get("/api/v2/schema/")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def content(join_groups, document_factory, membership_request_factory):
    """Something for every endpoint to answer: a public image and document,
    and a member of the first group with one of its documents."""
    public = Collection.objects.get(name="Public")
    membership_request_factory(join_groups[0]).approve()
    document_factory("Strategy", join_groups[0].collection)
    return {
        "member": User.objects.get(email="jane.doe@example.org"),
        "page": join_groups[0],
        "image": get_image_model().objects.create(
            title="Photo", file=get_test_image_file(), collection=public
        ),
        "document": document_factory("Annual report", public),
    }


def documented(document):
    """Every (path, method, status) the document promises."""
    return {
        (path, method.upper(), int(status))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }


def join(client, body, **extra):
    return client.post("/api/v2/join/", body, content_type="application/json", **extra)


def calls(client, content):
    """One request for each answer documented, as (documented path, response)."""
    page, image, document = content["page"], content["image"], content["document"]
    valid = json.dumps(sign_up(phone=None, agree_principles=True))
    yield "/api/v2/schema/", client.get("/api/v2/schema/")
    for name, item in (("pages", page), ("images", image), ("documents", document)):
        base = f"/api/v2/{name}/"
        yield base, client.get(base, {"fields": "*"})
        yield base, client.get(base, {"offset": "-1"})
        yield base + "{id}/", client.get(f"{base}{item.pk}/")
        yield base + "{id}/", client.get(f"{base}999999/")
        yield base + "{id}/", client.get(f"{base}{item.pk}/", {"fields": "nothing"})
        yield base + "find/", client.get(base + "find/", {"id": item.pk})
        yield base + "find/", client.get(base + "find/", {"id": "x"})
        yield base + "find/", client.get(base + "find/", {"id": 999999})
    yield (
        "/api/v2/pages/",
        client.get(
            "/api/v2/pages/",
            {"type": "groups.WorkingGroupPage", "fields": "*"},
        ),
    )
    preview = "/api/v2/page_preview/"
    yield preview, client.get(preview, {"token": keep_for_preview(page)})
    yield preview, client.get(preview)
    yield preview, client.get(preview, {"token": "forged"})
    yield "/api/v2/join/", client.get("/api/v2/join/")
    yield "/api/v2/join/", join(client, valid)
    yield "/api/v2/join/", join(client, json.dumps({"groups": ["x"]}))
    yield "/api/v2/join/", join(client, " " * (MAX_BODY_SIZE + 1))
    with override_settings(JOIN_RATE_LIMIT="1/h"):
        join(client, valid, REMOTE_ADDR="10.0.0.9")
        yield "/api/v2/join/", join(client, valid, REMOTE_ADDR="10.0.0.9")
    yield from member_calls(content["member"], page.slug)


JSON = "application/json"


def member_calls(member, slug):
    """The member's API: refused, then as the member (CSRF checked)."""
    me, documents = "/api/v2/me/", "/api/v2/me/documents/"
    leave = "/api/v2/me/groups/{slug}/leave/"
    anonymous = Client(enforce_csrf_checks=True)
    yield me, anonymous.get(me)
    yield documents, anonymous.get(documents)
    yield leave, anonymous.post(leave.format(slug=slug), content_type=JSON)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    yield me, browser.get(me)
    token = {
        "content_type": JSON,
        "HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value,
    }
    yield documents, browser.get(documents, {"limit": "5"})
    yield documents, browser.get(documents, {"group": "not-mine"})
    yield leave, browser.post(leave.format(slug="not-mine"), **token)
    yield leave, browser.post(leave.format(slug=slug), **token)


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_answer_documented_is_what_the_api_answers(client, content, document):
    api = OpenAPI.from_dict(document)
    answered = set()
    for path, response in calls(client, content):
        request = response.wsgi_request
        # Raises, saying where, if the answer doesn't match the document.
        api.validate_response(
            DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response)
        )
        answered.add((path, request.method, response.status_code))

    assert answered == documented(document)


def test_the_pages_are_described_with_the_group_fields(document):
    group = document["components"]["schemas"]["groups_WorkingGroupPage"]

    assert group["properties"]["principles"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    for name in ("summary", "description", "principles_intro"):
        assert group["properties"][name]["type"] == "string"


def test_a_sign_up_is_described_by_the_join_form(document):
    sign_up_schema = document["components"]["schemas"]["JoinRequest"]
    people_fill_in = set(JoinForm.base_fields) - {JoinForm.HONEYPOT}

    assert set(sign_up_schema["properties"]) == people_fill_in
    assert sign_up_schema["properties"]["state"]["enum"][:2] == ["AL", "AK"]
    assert "phone" not in sign_up_schema["required"]
