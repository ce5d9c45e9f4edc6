"""The members' directory: who in my group chose to be listed, seen only by
the group's own members."""

import pytest

from groups.models import Membership

DIRECTORY = "/members/directory/?group=tax-fairness"


@pytest.fixture
def tax(join_groups):
    return join_groups[0]


def approved_member(membership_request_factory, group, email, listed=False, **fields):
    """Approve a request with `fields` and return the person's membership."""
    membership_request_factory(group, email=email, **fields).approve()
    membership = Membership.objects.get(user__email=email, group=group)
    if listed:
        membership.listed = True
        membership.save()
    return membership


@pytest.fixture
def members(membership_request_factory, join_groups):
    """Tax Fairness: Ann (listed, MN senator), Bob (listed, WI staff), Cy
    (not listed); Health Reform: Dee (listed)."""
    tax, health = join_groups
    ann = approved_member(
        membership_request_factory,
        tax,
        "ann@example.org",
        listed=True,
        first_name="Ann",
        last_name="Arbor",
        state="MN",
        chamber="senate",
        district="42",
        role="legislator",
    )
    bob = approved_member(
        membership_request_factory,
        tax,
        "bob@example.org",
        listed=True,
        first_name="Bob",
        last_name="Birch",
        state="WI",
        chamber="house",
        district="7",
        role="staff",
    )
    cy = approved_member(
        membership_request_factory,
        tax,
        "cy@example.org",
        first_name="Cy",
        last_name="Cedar",
        state="MN",
    )
    dee = approved_member(
        membership_request_factory,
        health,
        "dee@example.org",
        listed=True,
        first_name="Dee",
        last_name="Dogwood",
    )
    return {"ann": ann, "bob": bob, "cy": cy, "dee": dee}


def test_a_new_membership_is_not_listed(members):
    assert members["cy"].listed is False


def test_anonymous_visitors_are_sent_to_log_in(client, members):
    response = client.get(DIRECTORY)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/members/directory/")


def test_a_member_sees_the_listed_members_of_their_group_only(client, members):
    client.force_login(members["cy"].user)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann Arbor" in html
    assert "State Senate" in html and "42" in html and "Legislator" in html
    assert "Bob Birch" in html and "Legislative staff" in html
    assert "Cy Cedar" not in html  # not listed
    assert "Dee Dogwood" not in html  # another group's


def test_the_directory_is_never_cached(client, members):
    client.force_login(members["cy"].user)

    cache_control = client.get(DIRECTORY)["Cache-Control"]

    assert "private" in cache_control
    assert "no-store" in cache_control


def test_a_member_of_another_group_is_refused_with_a_way_to_ask_to_join(
    client, members
):
    client.force_login(members["dee"].user)

    response = client.get(DIRECTORY)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Ann Arbor" not in html
    assert "/join/?groups=tax-fairness" in html


def test_staff_who_are_not_members_are_refused(client, members, editor, coordinator):
    for person in (editor, coordinator):
        client.force_login(person)
        response = client.get(DIRECTORY)
        assert response.status_code == 403
        assert "Ann Arbor" not in response.content.decode()


def test_an_unknown_group_is_not_found(client, members):
    client.force_login(members["cy"].user)

    assert client.get("/members/directory/?group=no-such-group").status_code == 404
    assert client.get("/members/directory/").status_code == 404


def test_filter_by_state(client, members):
    client.force_login(members["cy"].user)

    html = client.get(DIRECTORY + "&state=WI").content.decode()

    assert "Bob Birch" in html
    assert "Ann Arbor" not in html
    # The states present among the listed members, to choose from.
    assert '<option value="MN">Minnesota</option>' in html
    assert '<option value="WI" selected>Wisconsin</option>' in html
    assert '<option value="CA"' not in html


def test_a_member_who_leaves_disappears_at_once(client, members):
    client.force_login(members["ann"].user)
    client.post("/members/groups/tax-fairness/leave/")

    client.force_login(members["cy"].user)
    html = client.get(DIRECTORY).content.decode()

    assert "Ann Arbor" not in html
    assert "Bob Birch" in html


def test_the_listing_takes_a_bounded_number_of_queries(
    client, members, membership_request_factory, tax, django_assert_max_num_queries
):
    for number in range(10):
        approved_member(
            membership_request_factory,
            tax,
            f"member{number}@example.org",
            listed=True,
            first_name=f"Member{number}",
        )
    client.force_login(members["cy"].user)
    client.get(DIRECTORY)  # warm: the site is looked up once per process

    with django_assert_max_num_queries(8):
        html = client.get(DIRECTORY).content.decode()

    assert "Member9 Doe" in html


def test_a_member_opts_in_and_out_from_the_member_area(client, members):
    cy = members["cy"]
    client.force_login(cy.user)
    home = client.get("/members/").content.decode()
    assert "List me in this group's directory" in home
    assert (
        "Only the other members of the Tax Fairness Working Group see your name, "
        "state, chamber, district and role. Staff coordinators see it anyway."
    ) in home

    response = client.post(
        "/members/groups/tax-fairness/directory/", {"listed": "on"}, follow=True
    )

    cy.refresh_from_db()
    assert cy.listed is True
    assert "Cy Cedar" in client.get(DIRECTORY).content.decode()
    assert "Remove me from this group's directory" in response.content.decode()

    client.post("/members/groups/tax-fairness/directory/", {})

    cy.refresh_from_db()
    assert cy.listed is False
    assert "Cy Cedar" not in client.get(DIRECTORY).content.decode()


def test_opting_in_changes_only_ones_own_membership(client, members):
    dee = members["dee"]
    client.force_login(dee.user)

    # Dee is not in Tax Fairness: nothing of hers there to change.
    response = client.post("/members/groups/tax-fairness/directory/", {"listed": ""})

    assert response.status_code == 404
    assert set(
        Membership.objects.filter(listed=True).values_list("user__email", flat=True)
    ) == {"ann@example.org", "bob@example.org", "dee@example.org"}


def test_the_opt_in_is_a_post(client, members):
    client.force_login(members["cy"].user)

    assert client.get("/members/groups/tax-fairness/directory/").status_code == 405


def test_neither_the_api_nor_search_shows_the_directory(client, members):
    api = client.get("/api/v2/pages/?type=groups.WorkingGroupPage&fields=*")
    search = client.get("/search/?q=Arbor")

    assert api.status_code == search.status_code == 200
    assert "Arbor" not in api.content.decode()
    assert "0 results for “Arbor”" in search.content.decode()
