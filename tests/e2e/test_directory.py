"""The members' directory in a browser: a member chooses to be listed, another
member of the group finds them (by state), a member of another group is
refused."""

from pathlib import Path

from playwright.sync_api import expect

from accounts.members import mark_verified
from accounts.models import User
from groups.models import Membership
from tests.e2e.conftest import assert_accessible, log_in
from tests.helpers import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


def approved_member(membership_request_factory, group, email, **details):
    """Approve a request with `details`; the person has a password."""
    membership_request_factory(group, email=email, **details).approve()
    user = User.objects.get(email=email)
    user.set_password(PASSWORD)
    user.save()
    mark_verified(user)
    return user


def logged_in_page(browser, live_server, email):
    page = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    log_in(page, email)
    return page


def screenshot(page, name):
    """The page at each width, whole, as test-results/screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_members_find_each_other_in_their_groups_directory(
    browser, live_server, join_groups, membership_request_factory
):
    tax, health = join_groups
    approved_member(
        membership_request_factory,
        tax,
        "ann@example.org",
        first_name="Ann",
        last_name="Arbor",
        state="MN",
        chamber="senate",
        district="42",
    )
    bob = approved_member(
        membership_request_factory,
        tax,
        "bob@example.org",
        first_name="Bob",
        last_name="Birch",
        state="WI",
        chamber="house",
        district="7",
        role="staff",
    )
    Membership.objects.filter(user=bob).update(listed=True)
    approved_member(
        membership_request_factory,
        health,
        "dee@example.org",
        first_name="Dee",
        last_name="Dogwood",
    )

    ann = logged_in_page(browser, live_server, "ann@example.org")
    expect(
        ann.get_by_text("Only the other members of the Tax Fairness")
    ).to_be_visible()
    ann.get_by_role("button", name="List me in this group's directory").click()
    expect(ann.get_by_text("You are listed.")).to_be_visible()
    expect(
        ann.get_by_role("button", name="Remove me from this group's directory")
    ).to_be_visible()
    assert_accessible(ann)
    screenshot(ann, "members-home-listed")

    bob_page = logged_in_page(browser, live_server, "bob@example.org")
    bob_page.get_by_role("link", name="The members who chose to be listed").click()
    expect(
        bob_page.get_by_role("heading", name="Directory of the Tax Fairness")
    ).to_be_visible()
    expect(bob_page.get_by_role("heading", name="Ann Arbor")).to_be_visible()
    expect(bob_page.get_by_role("heading", name="Bob Birch")).to_be_visible()
    assert_accessible(bob_page)
    screenshot(bob_page, "members-directory")

    bob_page.get_by_label("State").select_option(label="Minnesota")
    bob_page.get_by_role("button", name="Show members").click()
    expect(bob_page.get_by_role("heading", name="Ann Arbor")).to_be_visible()
    expect(bob_page.get_by_text("State Senate")).to_be_visible()
    expect(bob_page.get_by_role("heading", name="Bob Birch")).to_have_count(0)
    assert_accessible(bob_page)

    dee = logged_in_page(browser, live_server, "dee@example.org")
    response = dee.goto("/members/directory/?group=tax-fairness")
    assert response.status == 403
    expect(dee.get_by_text("Ann Arbor")).to_have_count(0)
    expect(
        dee.get_by_role("link", name="Ask to join the Tax Fairness Working Group")
    ).to_be_visible()
