"""Hostile input, as an outside attacker would send it: out-of-range,
wrong-type and garbage values in every query parameter of the API, malformed
cookies, a forged Host. Each is refused with a clear 4xx, never a 500, and
nothing the request says about its own address reaches an e-mail."""

import re

import pytest
from django.core import mail

from cms.api import api_router
from tests.helpers import PASSWORD

ENDPOINTS = ["pages", "images", "documents"]

# Out of range, wrong type, and garbage. (A NUL character is refused before
# any view: tests/test_hardening.py.)
GARBAGE = [
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "-99999999999999999999",
    "1.5",
    "1e309",
    "NaN",
    "x",
    "",
    "-",
    ",,",
    "*",
    "random",
    "true",
    "é",
    "\u202e",
    "((",
    "x" * 5000,
]


def query_parameters(endpoint):
    """Every query parameter the endpoint takes: Wagtail's operations, the
    filters of the page tree, and a filter for each field of its model."""
    view = api_router._endpoints[endpoint]
    return sorted(
        view.known_query_parameters.union(
            view.get_available_fields(view.model, db_fields_only=True)
        )
    )


def all_query_parameters():
    return [
        (endpoint, parameter)
        for endpoint in ENDPOINTS
        for parameter in query_parameters(endpoint)
    ]


@pytest.fixture
def api_content(join_groups, document_factory, settings):
    """A few pages and a public document to list."""
    from wagtail.models import Collection

    document_factory("Annual report", Collection.objects.get(name="Public"))


@pytest.mark.parametrize("endpoint, parameter", all_query_parameters())
def test_no_value_of_any_query_parameter_is_a_server_error(
    client, api_content, endpoint, parameter
):
    for value in GARBAGE:
        response = client.get(f"/api/v2/{endpoint}/", {parameter: value})

        # 404: an unknown locale, site or format
        assert response.status_code in (200, 400, 404), (parameter, value)
        if response.status_code != 200:
            assert response.json()["message"], (parameter, value)


@pytest.mark.parametrize(
    "parameter",
    ["first_published_at", "last_published_at", "slug", "show_in_menus", "summary"],
)
def test_no_value_of_a_group_pages_field_is_a_server_error(
    client, api_content, parameter
):
    for value in GARBAGE:
        response = client.get(
            "/api/v2/pages/", {"type": "groups.WorkingGroupPage", parameter: value}
        )

        assert response.status_code in (200, 400), (parameter, value)


@pytest.mark.parametrize(
    "query, message",
    [
        ("offset=99999999999999999999", "offset cannot be higher than"),
        ("offset=9223372036854775808", "offset cannot be higher than"),
        ("search=x&search_operator=foo", "search_operator must be"),
        ("first_published_at=x", "invalid format"),
        ("first_published_at=2024-13-45", "invalid date"),
        ("offset=-1", "offset must be a positive integer"),
        ("limit=x", "limit must be a positive integer"),
        ("order=nope", "cannot order by"),
        ("child_of=x", "child_of must be a positive integer"),
        ("type=nope.Nope", "type doesn't exist"),
        ("nope=1", "not an operation or a recognised field"),
    ],
)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bad_values_get_400_with_a_message(
    client, api_content, endpoint, query, message
):
    if endpoint != "pages" and query.split("=")[0] in (
        "first_published_at",
        "child_of",
        "type",
    ):
        pytest.skip("a parameter of pages only")

    response = client.get(f"/api/v2/{endpoint}/?{query}")

    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("value", ["x", "1.5", "", "é", "-"])
def test_find_by_an_id_that_is_not_a_number_is_400(
    client, api_content, endpoint, value
):
    response = client.get(f"/api/v2/{endpoint}/find/", {"id": value})

    assert response.status_code == 400
    assert "id" in response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/find/?id=99999999999999999999",
        "/api/v2/pages/find/?id=-1",
        "/api/v2/pages/abc/",
        "/api/v2/pages/-1/",
        "/api/v2/pages/99999999999999999999/",
        "/api/v2/images/99999999999999999999/",
        "/api/v2/documents/99999999999999999999/",
        "/api/v2/documents/find/?id=99999999999999999999",
    ],
)
def test_what_does_not_exist_is_404(client, api_content, url):
    assert client.get(url).status_code == 404


def test_no_path_to_find_is_a_server_error(client, api_content):
    for value in [*GARBAGE, "//", "/../", "a/" * 2000]:
        response = client.get("/api/v2/pages/find/", {"html_path": value})

        assert response.status_code in (302, 404), value


@pytest.mark.parametrize("action", ["approve", "decline"])
@pytest.mark.parametrize("back", ["x", "NaN", "-1", "//evil.example"])
def test_a_decision_sends_back_to_the_listing_whatever_next_says(
    client, coordinator, join_groups, action, back
):
    client.force_login(coordinator)

    response = client.get(
        f"/admin/groups/membershiprequest/{action}/", {"ids": "1", "next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/groups/membershiprequest/"


# A malformed session cookie is no session


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken"])
@pytest.mark.parametrize("path", ["/", "/join/", "/members/", "/admin/"])
def test_a_cookie_with_a_nul_character_is_no_session(client, join_groups, cookie, path):
    client.cookies[cookie] = "aaaaaaaaaa\x00bb"

    response = client.get(path)

    assert response.status_code in (200, 302)
    if path in ("/members/", "/admin/"):  # not logged in: asked to log in
        assert "/accounts/login/" in response["Location"]


def test_a_member_with_a_malformed_cookie_logs_in_afresh(client, member_factory):
    member_factory("member@example.org")
    client.cookies["sessionid"] = "aaaaaaaaaa\x00bb"

    response = client.post(
        "/accounts/login/", {"login": "member@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/members/").status_code == 200


# Links in e-mail use the site's address, whatever Host the request named

FORGED_HOST = "localhost:6666"


def links(message):
    return re.findall(r"https?://\S+", message.body)


def assert_only_the_sites_address(message):
    assert FORGED_HOST not in message.body
    for link in links(message):
        assert link.startswith("http://127.0.0.1:8000/"), link


@pytest.fixture
def forged_client(client):
    client.defaults["HTTP_HOST"] = FORGED_HOST
    return client


def test_password_reset_link_is_on_the_sites_address(forged_client, member_factory):
    member_factory("member@example.org")

    forged_client.post("/accounts/password/reset/", {"email": "member@example.org"})

    (message,) = mail.outbox
    assert_only_the_sites_address(message)
    assert "http://127.0.0.1:8000/accounts/password/reset/key/" in message.body


def test_unknown_address_mail_has_no_forged_link(forged_client, db):
    forged_client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    (message,) = mail.outbox
    assert links(message)
    assert_only_the_sites_address(message)


def test_login_code_mail_names_the_site_not_the_host(forged_client, member_factory):
    member_factory("member@example.org")

    forged_client.post("/accounts/login/code/", {"email": "member@example.org"})

    (message,) = mail.outbox
    assert_only_the_sites_address(message)
    assert "127.0.0.1:8000" in message.body


def test_e_mail_confirmation_link_is_on_the_sites_address(
    forged_client, member_factory
):
    member = member_factory("member@example.org")
    forged_client.force_login(member)

    forged_client.post(
        "/accounts/email/", {"action_add": "", "email": "second@example.org"}
    )

    confirmation = [m for m in mail.outbox if "second@example.org" in m.to]
    assert len(confirmation) == 1
    assert_only_the_sites_address(confirmation[0])
    assert "http://127.0.0.1:8000/accounts/confirm-email/" in confirmation[0].body


def test_notification_mail_names_the_site_not_the_host(forged_client, member_factory):
    member = member_factory("member@example.org")
    forged_client.force_login(member)

    forged_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-phrase",
            "password2": "another-long-phrase",
        },
    )

    (message,) = mail.outbox
    assert_only_the_sites_address(message)


# Markup stored in membership data can't run in the admin: no inline script
# and no framing on the membership views; the exceptions stay with the
# editor (inline scripts) and its previews (framed by the admin).


def policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split("; ")
    }


@pytest.fixture
def membership_views(join_groups, membership_request_factory):
    request = membership_request_factory(
        join_groups[0], first_name="<script>window.xss=1</script>"
    )
    return [
        "/admin/",
        "/admin/groups/membershiprequest/",
        f"/admin/groups/membershiprequest/inspect/{request.pk}/",
        f"/admin/groups/membershiprequest/approve/?ids={request.pk}",
        f"/admin/groups/membershiprequest/decline/?ids={request.pk}",
        "/admin/groups/membership/",
        "/admin/groups/documentdownload/",
    ]


def test_membership_views_allow_no_inline_script_and_no_framing(
    client, superuser, membership_views
):
    client.force_login(superuser)

    for url in membership_views:
        response = client.get(url)

        assert response.status_code == 200, url
        assert policy(response)["script-src"] == ["'self'"], url
        assert policy(response)["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_the_editor_keeps_its_exceptions(client, superuser, group_page):
    client.force_login(superuser)

    editor = client.get(f"/admin/pages/{group_page.pk}/edit/")
    preview = client.get(f"/admin/pages/{group_page.pk}/edit/preview/")

    assert "'unsafe-inline'" in policy(editor)["script-src"]
    assert policy(editor)["frame-ancestors"] == ["'none'"]
    assert editor["X-Frame-Options"] == "DENY"
    assert policy(preview)["frame-ancestors"] == ["'self'"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
