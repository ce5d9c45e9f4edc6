"""The member's API (/api/v2/me/): the member area's rules as JSON."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from accounts.models import User
from groups.models import Membership

ME = "/api/v2/me/"
MY_DOCUMENTS = "/api/v2/me/documents/"
JSON = "application/json"


def leave_url(slug):
    return f"/api/v2/me/groups/{slug}/leave/"


@pytest.fixture
def member(join_groups, group_page_factory, membership_request_factory, settings):
    """Jane: a member of Tax Fairness, pending for Health Reform."""
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    tax, health = join_groups
    group_page_factory("Election Reform Working Group", slug="election-reform")
    membership_request_factory(tax).approve()
    membership_request_factory(health)  # with staff
    membership_request_factory(tax, email="someone.else@example.org")
    mail.outbox.clear()
    return User.objects.get(email="jane.doe@example.org")


@pytest.fixture
def documents(join_groups, document_factory):
    tax, health = join_groups
    return {
        "tax": document_factory(
            "Tax strategy", tax.collection, description="Revenue options"
        ),
        "health": document_factory("Health strategy", health.collection),
    }


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", ME), ("get", MY_DOCUMENTS), ("post", leave_url("tax-fairness"))],
)
def test_anonymous_callers_are_refused(client, member, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 403
    assert "credentials" in response.json()["detail"]
    assert "no-store" in response["Cache-Control"]
    assert Membership.objects.filter(user=member).exists()


def test_a_member_sees_exactly_their_groups_and_requests(client, member):
    client.force_login(member)

    response = client.get(ME)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["email"] == "jane.doe@example.org"
    assert [group["slug"] for group in data["groups"]] == ["tax-fairness"]
    assert data["groups"][0]["title"] == "Tax Fairness Working Group"
    assert data["groups"][0]["html_url"].endswith("/working-groups/tax-fairness/")
    assert data["groups"][0]["listed"] is False
    assert [request["slug"] for request in data["pending"]] == ["health-reform"]


def test_another_person_sees_none_of_it(client, member, user_factory):
    client.force_login(user_factory("other@example.org"))

    assert client.get(ME).json() == {
        "email": "other@example.org",
        "groups": [],
        "pending": [],
    }


def test_a_member_lists_only_their_groups_documents(client, member, documents):
    client.force_login(member)

    data = client.get(MY_DOCUMENTS).json()

    assert data["meta"]["total_count"] == 1
    (item,) = data["items"]
    assert item["title"] == "Tax strategy"
    assert item["group"] == "tax-fairness"
    assert item["download_url"].endswith(
        f"/documents/{documents['tax'].pk}/tax-strategy.pdf"
    )
    assert client.get(item["download_url"].split(":8000")[1]).status_code == 200
    assert client.get(MY_DOCUMENTS, {"q": "revenue"}).json()["meta"]["total_count"] == 1
    assert client.get(MY_DOCUMENTS, {"q": "nothing"}).json()["items"] == []


def test_another_groups_documents_cannot_be_asked_for(client, member, documents):
    client.force_login(member)

    response = client.get(MY_DOCUMENTS, {"group": "health-reform"})

    assert response.status_code == 400
    assert "Health strategy" not in response.content.decode()


def test_someone_else_sees_no_document(client, member, documents, user_factory):
    client.force_login(user_factory("other@example.org"))

    assert client.get(MY_DOCUMENTS).json() == {"meta": {"total_count": 0}, "items": []}


@pytest.mark.parametrize("query", [{"limit": "x"}, {"limit": "101"}, {"offset": "-1"}])
def test_bad_paging_is_refused_with_a_reason(client, member, query):
    client.force_login(member)

    response = client.get(MY_DOCUMENTS, query)

    assert response.status_code == 400
    assert next(iter(query)) in response.json()["detail"]


def csrf_client(user):
    """A browser with the member's session, which has read the CSRF cookie."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(ME)
    return browser, browser.cookies["csrftoken"].value


def test_leaving_a_group_needs_the_csrf_token(member):
    browser, _token = csrf_client(member)

    response = browser.post(leave_url("tax-fairness"), content_type=JSON)

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Membership.objects.filter(user=member).exists()


def test_a_member_leaves_a_group(member, join_groups):
    browser, token = csrf_client(member)

    response = browser.post(
        leave_url("tax-fairness"), content_type=JSON, HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert response.json()["detail"] == "You have left the Tax Fairness Working Group."
    assert not Membership.objects.filter(user=member).exists()
    assert not member.groups.filter(pk=join_groups[0].members_group_id).exists()
    (notice,) = mail.outbox
    assert "left the Tax Fairness Working Group" in notice.body
    assert ModelLogEntry.objects.filter(
        action="groups.membership.leave", user_id=member.pk
    ).exists()


def test_nobody_leaves_a_group_for_someone_else(member, member_factory, join_groups):
    other = member_factory("other@example.org", join_groups[1])
    browser, token = csrf_client(other)

    response = browser.post(
        leave_url("tax-fairness"), content_type=JSON, HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 404
    assert Membership.objects.filter(user=member).exists()


def test_leaving_is_a_post(client, member):
    client.force_login(member)

    assert client.get(leave_url("tax-fairness")).status_code == 405
    assert Membership.objects.filter(user=member).exists()
