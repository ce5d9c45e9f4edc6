"""A member's first day in a browser: approved by a coordinator, they set
their first password from the e-mail, land in the members' area, see their
own group and the join form as a member, and a document link tells a
logged-out visitor whose it is. Screenshots of each screen at 1280 and 390
px go to test-results/screenshots/."""

import re
from pathlib import Path

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from groups.access import MEMBERSHIP_COORDINATORS
from groups.models import WorkingGroupPage
from tests.e2e.conftest import assert_accessible
from tests.helpers import confirmation_path, password_reset_path, sign_up

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = (1280, 390)
NEW_PASSWORD = "Jane's own long phrase"


def screenshots(page, name):
    """The page at each width, whole; back at the first width afterwards."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_a_new_members_first_day(
    page, browser, live_server, membership_request_factory, document_factory
):
    call_command("load_demo_content", stdout=None)
    coordinator = User.objects.create_user("coordinator@example.org")
    coordinator.groups.add(Group.objects.get(name=MEMBERSHIP_COORDINATORS))
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    tax = WorkingGroupPage.objects.get(slug="tax-fairness")
    memo = document_factory(
        "Confidential session strategy",
        immigration.collection,
        description="Bills to watch and who to call.",
    )
    membership_request_factory(tax)  # still with staff
    membership_request_factory(immigration).approve(by=coordinator)
    (approval,) = mail.outbox

    # The link in the approval e-mail: a page to set a first password.
    page.goto(password_reset_path(approval))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
    assert_accessible(page)
    screenshots(page, "set-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password and log in").click()

    # Logged in, in the members' area, welcomed; no "password changed" mail.
    expect(page).to_have_url(re.compile(r"/members/$"))
    expect(page.get_by_text("Welcome, Jane!")).to_be_visible()
    expect(page.get_by_role("heading", name="My working groups")).to_be_visible()
    assert mail.outbox == [approval]
    assert_accessible(page)
    screenshots(page, "members")

    page.goto("/members/documents/")
    expect(page.get_by_role("link", name=re.compile(memo.title))).to_be_visible()
    assert_accessible(page)
    screenshots(page, "members-documents")

    # Their own group's page knows them; so does the join form.
    page.goto(immigration.url)
    expect(
        page.get_by_role("heading", name="You are a member of the Immigration")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Join this working group")).to_have_count(0)
    assert_accessible(page)
    screenshots(page, "group-page-member")

    page.goto("/join/?groups=immigration")
    expect(page.get_by_role("checkbox", name=immigration.title)).to_be_disabled()
    expect(page.get_by_role("checkbox", name=tax.title)).to_be_disabled()
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()
    expect(
        page.get_by_text("Your request to join this group is pending.")
    ).to_be_visible()
    assert_accessible(page)
    screenshots(page, "join-member")

    # A logged-out visitor with the document's link is told whose it is.
    visitor = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    visitor.goto(memo.url)
    expect(visitor).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(
        visitor.get_by_text(
            "This document is for members of the Immigration Working Group. "
            "Log in to read it."
        )
    ).to_be_visible()
    assert memo.title not in visitor.content()
    assert_accessible(visitor)
    screenshots(visitor, "login-document")


def test_a_failed_submit_takes_focus_to_the_error_summary(strict_page, db):
    call_command("load_demo_content", stdout=None)

    strict_page.goto("/accounts/login/")
    strict_page.get_by_role("button", name="Log in").click()

    summary = strict_page.get_by_role("alert")
    expect(summary).to_contain_text("E-mail address: This field is required.")
    expect(summary).to_be_focused()
    assert strict_page.csp_violations == []


def test_the_confirmation_mail_fits_a_phone(page, client):
    call_command("load_demo_content", stdout=None)
    client.post("/join/", sign_up(groups=["immigration"]))
    (message,) = mail.outbox
    html, _ = message.alternatives[0]

    page.set_viewport_size({"width": 390, "height": 900})
    page.set_content(html)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "jane.doe" not in confirmation_path(message)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "confirmation-mail-390.png", full_page=True)
