"""The coordinators' screens read as Wagtail's own: filters as drop-downs,
labels capitalised, the decision the page's main action, no inline styles;
and the log-in page tells staff it is theirs too."""

import re

import pytest

INDEX = "/admin/groups/membershiprequest/"


@pytest.fixture
def jane(join_groups, membership_request_factory):
    return membership_request_factory(join_groups[0])


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_state_filter_is_one_drop_down_not_a_link_per_state(as_coordinator, jane):
    html = as_coordinator.get(INDEX, {"state__exact": "MN"}).content.decode()

    assert '<select id="filter-state__exact" name="state__exact">' in html
    assert '<option value="MN" selected>Minnesota</option>' in html
    assert "state__exact=AL" not in html  # no link per state


def test_a_row_names_the_applicant_with_their_address_and_the_decision_buttons(
    as_coordinator, jane
):
    html = as_coordinator.get(INDEX).content.decode()

    assert '<span class="request-email">jane.doe@example.org</span>' in html
    assert f'href="{INDEX}approve/?ids={jane.pk}" class="button button-small"' in html
    assert (
        f'href="{INDEX}decline/?ids={jane.pk}" class="button button-secondary button-small"'
        in html
    )


def test_inspect_labels_are_capitalised_and_the_decision_is_full_size(
    as_coordinator, jane
):
    html = as_coordinator.get(f"{INDEX}inspect/{jane.pk}/").content.decode()

    assert "<dt>First name</dt>" in html
    assert "<dt>Working group</dt>" in html
    assert f'href="{INDEX}approve/?ids={jane.pk}" class="button"' in html
    assert (
        f'href="{INDEX}decline/?ids={jane.pk}" class="button button-secondary"' in html
    )


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        INDEX + "inspect/{pk}/",
        INDEX + "approve/?ids={pk}",
        INDEX + "decline/?ids={pk}",
        "/admin/groups/membership/",
        "/admin/groups/groupnotificationsettings/",
        "/admin/groups/groupnotificationsettings/create/",
    ],
)
def test_the_membership_screens_have_no_inline_styles(as_coordinator, jane, url):
    html = as_coordinator.get(url.format(pk=jane.pk)).content.decode()

    assert not re.search(r"<[^>]+\sstyle=", html)


def test_the_admin_stylesheet_is_on_every_admin_page(as_coordinator, jane):
    assert "/static/groups/admin.css" in as_coordinator.get(INDEX).content.decode()


def test_the_login_page_tells_staff_it_is_theirs(client, db):
    staff = client.get("/accounts/login/", {"next": "/admin/"}).content.decode()
    members = client.get("/accounts/login/", {"next": "/members/"}).content.decode()

    assert "<h2>Staff log in</h2>" in staff
    assert "authenticator app" in staff
    assert "Staff log in" not in members
