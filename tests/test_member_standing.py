"""A logged-in member is told where they stand with each group: on its page
and on the join form, instead of being asked to join again."""

import re

import pytest

NOTE = re.compile(r"\s+")


def text(response):
    return NOTE.sub(" ", response.content.decode())


@pytest.fixture
def jane(member_factory, join_groups, membership_request_factory):
    tax, health = join_groups
    membership_request_factory(health, "Jane.Doe@example.org")  # still pending
    return member_factory("jane.doe@example.org", tax)


def test_a_member_is_told_so_on_their_groups_page(client, jane, join_groups):
    client.force_login(jane)

    html = text(client.get("/working-groups/tax-fairness/"))

    assert "You are a member of the Tax Fairness Working Group" in html
    assert "Join this working group" not in html


def test_a_pending_request_is_told_on_the_groups_page(client, jane, join_groups):
    client.force_login(jane)

    html = text(client.get("/working-groups/health-reform/"))

    assert "Your request to join is pending" in html
    assert "Join this working group" not in html


def test_visitors_are_still_asked_to_join(client, join_groups):
    html = text(client.get("/working-groups/tax-fairness/"))

    assert "Join this working group" in html
    assert "You are a member" not in html


def test_the_group_page_asks_a_bounded_number_of_queries(
    client, jane, django_assert_max_num_queries
):
    client.force_login(jane)
    with django_assert_max_num_queries(30):
        client.get("/working-groups/tax-fairness/")


def test_the_join_form_shows_a_members_groups_as_joined_or_pending(client, jane):
    client.force_login(jane)

    html = text(client.get("/join/?groups=tax-fairness"))

    tax = re.search(
        r'<input type="checkbox" name="groups" value="tax-fairness"[^>]*>', html
    )
    health = re.search(
        r'<input type="checkbox" name="groups" value="health-reform"[^>]*>', html
    )
    assert " disabled" in tax.group(0) and " checked" not in tax.group(0)
    assert " disabled" in health.group(0)
    assert "You are a member of this group." in html
    assert "Your request to join this group is pending." in html


def test_the_join_form_is_unchanged_for_visitors(client, join_groups):
    html = text(client.get("/join/"))

    assert " disabled" not in html
    assert "You are a member" not in html
