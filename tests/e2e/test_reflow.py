"""No page a visitor or a member uses scrolls sideways on a phone (WCAG
1.4.10 reflow: 320 CSS pixels wide)."""

from django.core.management import call_command

from groups.models import Membership, WorkingGroupPage
from tests.e2e.conftest import log_in

PHONE_WIDTHS = (320, 360, 390)
VISITORS_PAGES = ["/", "/working-groups/", "/working-groups/immigration/", "/join/"]
MEMBERS_PAGES = [
    "/working-groups/immigration/",
    "/join/",
    "/members/",
    "/members/documents/",
    "/members/directory/?group=immigration",
    "/members/account/",
]


def too_wide(page, paths):
    """The paths, at each phone width, whose page is wider than the screen."""
    found = []
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > page.evaluate("window.innerWidth"):
                found.append(f"{path} at {width} px: {scroll_width} px wide")
    return found


def test_no_page_scrolls_sideways_on_a_phone(
    page, browser, live_server, member_factory, document_factory
):
    call_command("load_demo_content", stdout=None)
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    member = member_factory("jane.doe-with-a-long-address@example.org")
    Membership.objects.create(user=member, group=immigration, listed=True)
    document_factory(
        "Strategy for the 2027 legislative session, with talking points",
        immigration.collection,
    )

    problems = too_wide(page, [*VISITORS_PAGES, "/accounts/login/"])
    page.goto("/accounts/login/")
    log_in(page, member.email)
    problems += too_wide(page, MEMBERS_PAGES)

    assert not problems, "\n".join(problems)
