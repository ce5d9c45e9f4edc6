"""The coordinators' desk in a browser: from the dashboard's count of the
work waiting, through the filtered request list and a request, to the
decision; every screen readable at desktop and phone widths."""

import re
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from groups.models import MembershipRequest, WorkingGroupPage
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_membership import make_coordinator
from tests.helpers import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
APPLICANTS = [
    ("Jane", "Doe", "jane.doe@example.org", "CA", "immigration"),
    (
        "Maximilian",
        "Featherstonehaugh",
        "max.featherstonehaugh@example.org",
        "MA",
        "immigration",
    ),
    ("Ana", "Lopez", "ana.lopez@example.org", "TX", "tax-fairness"),
    ("Bo", "Kim", "bo.kim@example.org", "NY", "tax-fairness"),
    ("Cy", "Young", "cy.young@example.org", "WA", "immigration"),
]


def make_requests(membership_request_factory):
    """Pending, confirmed requests in two groups; Jane's the oldest."""
    now = timezone.now()
    for days, (first, last, email, state, slug) in enumerate(APPLICANTS):
        membership_request = membership_request_factory(
            WorkingGroupPage.objects.get(slug=slug),
            email,
            first_name=first,
            last_name=last,
            state=state,
            chamber="senate",
        )
        # Jane waits longest: three days.
        MembershipRequest.objects.filter(pk=membership_request.pk).update(
            created_at=now - timedelta(days=3 - days * 0.5)
        )


def screenshot(page, name):
    """The page at each width, whole, as test-results/screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)  # the admin's sidebar slides to its new width
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def assert_rows_read_on_one_line(page):
    """Each row's buttons on one line, none broken inside its word, and the
    table within its box (nothing under a sidebar, nothing cut off)."""
    rows = page.locator("table.listing tbody tr")
    assert rows.count() > 0
    for row in rows.all():
        buttons = row.locator("ul.actions .button")
        heights = [button.bounding_box()["height"] for button in buttons.all()]
        tops = {round(b.bounding_box()["y"]) for b in buttons.all()}
        assert len(tops) == 1, f"buttons on more than one line: {row.inner_text()}"
        assert max(heights) < 40, f"a button's label wraps: {row.inner_text()}"
        # Seen, not only laid out: nothing covers the button (the last row's
        # were once clipped by the table's box).
        assert buttons.last.evaluate(
            """button => {
                const box = button.getBoundingClientRect();
                const x = box.left + box.width / 2, y = box.top + box.height / 2;
                return button.contains(document.elementFromPoint(x, y));
            }"""
        ), f"a row's buttons are hidden: {row.inner_text()}"
    overflow = page.evaluate(
        """() => {
            const box = document.querySelector('.result-list');
            return box.scrollWidth - box.clientWidth;
        }"""
    )
    assert overflow <= 0, f"the table is {overflow}px wider than its box"


def make_superuser():
    user = User.objects.create_superuser("root@example.org", PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return with_totp(user)


def test_a_coordinator_works_through_the_waiting_requests(
    page, membership_request_factory
):
    call_command("load_demo_content", stdout=None)
    secret = make_coordinator()
    make_requests(membership_request_factory)
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The admin's door is the members' log-in page, which says it's staff's too.
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Staff log in")).to_be_visible()
    screenshot(page, "staff-login")
    log_in(page, "coordinator@example.org", totp_secret=secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The dashboard counts the work waiting, per group.
    panel = page.locator("#waiting-requests-section")
    expect(panel).to_contain_text("Membership requests waiting for a decision")
    expect(
        panel.get_by_role("row", name=re.compile("Immigration Working Group"))
    ).to_contain_text("3 requests")
    screenshot(page, "dashboard")

    # Its link: the group's waiting requests, oldest first.
    panel.get_by_role("link", name="Immigration Working Group").click()
    expect(page).to_have_url(re.compile(rf"\?group={immigration.pk}$"))
    expect(page.get_by_label("Working group")).to_have_value(str(immigration.pk))
    applicants = page.locator("table.listing tbody label")
    expect(applicants).to_have_text(
        ["Jane Doe", "Maximilian Featherstonehaugh", "Cy Young"]
    )
    for width in (1280, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        assert_rows_read_on_one_line(page)
    # At a phone's width the table scrolls in its box; the page doesn't.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "request-list")
    assert_accessible(page)

    # The state filter is one drop-down.
    page.get_by_label("State").select_option("Massachusetts")
    page.get_by_role("button", name="Apply filters").click()
    expect(applicants).to_have_text(["Maximilian Featherstonehaugh"])
    page.go_back()

    # A request, whole, with the decision the page's main action.
    page.locator("tbody tr", has_text="Jane Doe").get_by_role(
        "link", name="Inspect"
    ).click()
    expect(page.get_by_text("First name", exact=True)).to_be_visible()
    screenshot(page, "request-inspect")
    assert_accessible(page)

    page.locator(".request-decision").get_by_role("link", name="Approve").click()
    expect(
        page.get_by_role("heading", name="Approve membership requests")
    ).to_be_visible()
    screenshot(page, "request-decision")
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved 1 request.")).to_be_visible()
    assert (
        MembershipRequest.objects.get(email="jane.doe@example.org").status == "approved"
    )


def test_the_group_page_offers_to_add_a_document_to_its_collection(page):
    call_command("load_demo_content", stdout=None)
    secret = make_superuser()
    immigration = WorkingGroupPage.objects.get(slug="immigration")

    page.goto(f"/admin/pages/{immigration.pk}/edit/")
    log_in(page, "root@example.org", totp_secret=secret)
    link = page.get_by_role("link", name="Add a document for this group")
    link.scroll_into_view_if_needed()
    screenshot(page, "group-page-panel")
    link.click()
    expect(page.get_by_label("Add to collection:")).to_have_value(
        str(immigration.collection.pk)
    )
