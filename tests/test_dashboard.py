"""The coordinators' desk in the admin: the dashboard's count of the requests
waiting, and the way from a group's page to uploading its documents."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.dashboard import WaitingRequestsPanel
from groups.models import MembershipRequest

INDEX = "/admin/groups/membershiprequest/"
PANEL_HEADING = "Membership requests waiting for a decision"


@pytest.fixture
def waiting(join_groups, membership_request_factory):
    """Tax: two confirmed pending requests, the older 3 days old; one not
    confirmed and one declined, which wait for nobody. Health: one, 1 day old."""
    tax, health = join_groups
    now = timezone.now()

    def make(email, group, days, **fields):
        membership_request = membership_request_factory(group, email, **fields)
        MembershipRequest.objects.filter(pk=membership_request.pk).update(
            created_at=now - timedelta(days=days)
        )

    make("ann@example.org", tax, 3)
    make("bob@example.org", tax, 2)
    make("cy@example.org", tax, 10, confirmed=False)
    make("dee@example.org", tax, 20, status="declined")
    make("eve@example.org", health, 1)
    return tax, health


def test_the_panel_counts_the_confirmed_pending_requests_per_group_oldest_first(
    waiting, django_assert_num_queries
):
    tax, health = waiting

    with django_assert_num_queries(1):
        groups = WaitingRequestsPanel().get_context_data()["groups"]

    assert [(g["title"], g["count"], g["url"]) for g in groups] == [
        (tax.title, 2, f"{INDEX}?group={tax.pk}"),
        (health.title, 1, f"{INDEX}?group={health.pk}"),
    ]
    assert timezone.now() - groups[0]["oldest"] > timedelta(days=2, hours=23)


def test_a_coordinators_dashboard_shows_the_waiting_requests(
    client, coordinator, waiting
):
    tax, health = waiting
    client.force_login(coordinator)

    html = client.get("/admin/").content.decode()

    assert PANEL_HEADING in html
    assert f'<a href="{INDEX}?group={tax.pk}">{tax.title}</a>' in html
    assert "2 requests" in html
    assert "3\xa0days" in html  # how long Ann has waited
    assert f'<a href="{INDEX}?group={health.pk}">{health.title}</a>' in html


def test_the_linked_list_shows_the_groups_waiting_requests(
    client, coordinator, waiting
):
    tax, _ = waiting
    client.force_login(coordinator)

    html = client.get(INDEX, {"group": tax.pk}).content.decode()

    assert "ann@example.org" in html and "bob@example.org" in html
    assert "cy@example.org" not in html and "eve@example.org" not in html


def test_the_dashboard_says_when_nothing_waits(client, coordinator, join_groups):
    client.force_login(coordinator)

    html = client.get("/admin/").content.decode()

    assert "No confirmed request is waiting for a decision." in html


def test_an_editor_sees_no_membership_panel(client, editor, waiting):
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert PANEL_HEADING not in response.content.decode()


def test_the_group_page_offers_an_upload_into_its_private_collection(
    client, superuser, group_page
):
    client.force_login(superuser)

    html = client.get(f"/admin/pages/{group_page.pk}/edit/").content.decode()

    upload = f"/admin/documents/multiple/add/?collection_id={group_page.collection.pk}"
    assert f'href="{upload}">Add a document for this group</a>' in html
    # Wagtail's upload page has that collection chosen.
    form = client.get(upload).content.decode()
    assert f'<option value="{group_page.collection.pk}" selected>' in form


def test_editors_are_not_offered_an_upload_they_may_not_make(
    client, editor, group_page
):
    client.force_login(editor)

    html = client.get(f"/admin/pages/{group_page.pk}/edit/").content.decode()

    assert "Add a document for this group" not in html
    assert "/admin/documents/multiple/add/" not in html


def test_a_coordinator_adds_a_groups_document_from_the_dashboard(
    client, coordinator, join_groups
):
    tax, health = join_groups
    client.force_login(coordinator)

    html = client.get("/admin/").content.decode()

    for group in (tax, health):
        upload = f"/admin/documents/multiple/add/?collection_id={group.collection_id}"
        assert f'href="{upload}">Add a document for this group</a>' in html
    form = client.get(
        f"/admin/documents/multiple/add/?collection_id={tax.collection_id}"
    ).content.decode()
    assert f'<option value="{tax.collection_id}" selected>' in form


def test_an_editor_is_offered_no_groups_documents(client, editor, join_groups):
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "Working groups&#x27; private documents" not in html
    assert "Add a document for this group" not in html
