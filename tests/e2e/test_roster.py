"""A coordinator imports a state's roster in the admin and the request list
says which sign-ups are the legislators they claim to be."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from groups.models import WorkingGroupPage
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_coordinators_desk import screenshot
from tests.e2e.test_membership import make_coordinator

OREGON = """id,name,current_party,current_district,current_chamber,given_name,family_name
ocd-person/demo-or-1,Rosalind M. Achterberg,Democratic,14,upper,Rosalind,Achterberg
ocd-person/demo-or-2,Tomás Ibarra,Republican,30,lower,Tomás,Ibarra
"""


def test_a_coordinator_imports_a_roster_and_sees_the_matches(
    page, membership_request_factory, tmp_path
):
    call_command("load_demo_content", stdout=None)
    secret = make_coordinator()
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    for first, last, district in [
        ("Rosalind", "Achterberg", "14"),
        ("Pat", "Quill", "9"),
    ]:
        membership_request_factory(
            immigration,
            f"{first.lower()}@example.org",
            first_name=first,
            last_name=last,
            state="OR",
            chamber="senate",
            district=district,
        )
    roster = tmp_path / "or.csv"
    roster.write_text(OREGON)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/admin/groups/membershiprequest/?state__exact=OR")
    log_in(page, "coordinator@example.org", totp_secret=secret)
    rows = page.locator("table.listing tbody tr")
    expect(rows.filter(has_text="Rosalind Achterberg")).to_contain_text(
        "no roster for Oregon"
    )

    # In the Membership menu.
    page.get_by_role("button", name="Membership").click()
    page.get_by_role("link", name="Legislators roster").click()
    page.get_by_role("link", name="Import a roster").click()
    page.get_by_label("Roster file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported 2 legislators for Oregon.")).to_be_visible()

    page.goto("/admin/groups/membershiprequest/?state__exact=OR")
    expect(rows.filter(has_text="Rosalind Achterberg")).to_contain_text(
        "matches Sen. Rosalind M. Achterberg, OR-14 (Democratic)"
    )
    expect(rows.filter(has_text="Pat Quill")).to_contain_text(
        "no legislator by that name in Oregon's roster"
    )
    screenshot(page, "roster-request-list")
    assert_accessible(page)

    page.get_by_label("Roster check").select_option("No legislator by that name")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"roster=no-match"))
    expect(page.locator("table.listing tbody label")).to_have_text(["Pat Quill"])
