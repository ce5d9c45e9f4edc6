"""A partner site's browser code calling the join API: CORS for the origins
staff allow (JOIN_API_ALLOWED_ORIGINS), for /api/v2/join/ only."""

import json

import pytest
from django.test import override_settings

from groups.models import MembershipRequest
from tests.helpers import sign_up

PARTNER = "https://partner.example.org"
OTHER = "https://elsewhere.example.net"

pytestmark = [
    pytest.mark.usefixtures("join_groups"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def allowed_origins(settings):
    settings.JOIN_API_ALLOWED_ORIGINS = [PARTNER]


def preflight(client, origin, path="/api/v2/join/"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def post(client, origin):
    return client.post(
        "/api/v2/join/",
        json.dumps({**sign_up(phone=None), "agree_principles": True}),
        content_type="application/json",
        HTTP_ORIGIN=origin,
    )


def cors_headers(response):
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower().startswith("access-control-")
    }


def test_the_preflight_of_an_allowed_origin_allows_a_json_post(client):
    response = preflight(client, PARTNER)

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()
    assert "Origin" in response["Vary"]
    # It acts for nobody: no cookies are asked for or allowed.
    assert "Access-Control-Allow-Credentials" not in response


def test_a_post_from_an_allowed_origin_is_readable_there(client):
    response = post(client, PARTNER)

    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert MembershipRequest.objects.filter(email="jane.doe@example.org").exists()


def test_an_origin_not_allowed_gets_no_cors_headers(client):
    assert cors_headers(preflight(client, OTHER)) == {}
    assert cors_headers(post(client, OTHER)) == {}


def test_no_origin_is_allowed_unless_configured(client, settings):
    settings.JOIN_API_ALLOWED_ORIGINS = []

    assert cors_headers(preflight(client, PARTNER)) == {}
    assert cors_headers(post(client, PARTNER)) == {}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/",
        "/api/v2/documents/",
        "/api/v2/schema/",
        "/join/",
        "/working-groups/",
    ],
)
def test_nothing_else_on_the_site_gets_cors_headers(client, path):
    assert cors_headers(client.get(path, HTTP_ORIGIN=PARTNER)) == {}
    assert cors_headers(preflight(client, PARTNER, path)) == {}


def test_the_form_described_is_readable_there(client):
    response = client.get("/api/v2/join/", HTTP_ORIGIN=PARTNER)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert "GET" in preflight(client, PARTNER)["Access-Control-Allow-Methods"]


def test_other_methods_are_still_refused(client):
    response = client.put("/api/v2/join/", HTTP_ORIGIN=PARTNER)

    assert response.status_code == 405
    assert "OPTIONS" in response["Allow"]


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("", []),
        (
            "https://partner.example.org, http://localhost:3000/",
            ["https://partner.example.org", "http://localhost:3000"],
        ),
    ],
)
def test_the_setting_reads_comma_separated_origins(value, origins):
    from cms.settings import parse_origins

    assert parse_origins(value) == origins


@pytest.mark.parametrize(
    "value", ["partner.example.org", "https://partner.example.org/join/", "*"]
)
def test_the_setting_refuses_what_is_not_an_origin(value):
    from django.core.exceptions import ImproperlyConfigured

    from cms.settings import parse_origins

    with pytest.raises(ImproperlyConfigured, match="JOIN_API_ALLOWED_ORIGINS"):
        parse_origins(value)


@override_settings(JOIN_API_ALLOWED_ORIGINS=[PARTNER])
def test_an_origin_differing_in_scheme_or_port_is_another_origin(client):
    assert cors_headers(preflight(client, "https://partner.example.org:8443")) == {}
    assert cors_headers(preflight(client, "http://partner.example.org")) == {}
