"""A partner's front end on another origin, built from the API alone
(tests/e2e/reference_client/): it renders the groups and the join form from
GET /api/v2/join/, and signs someone up with POST /api/v2/join/, its errors
at the fields. Proves the schema, CORS and the errors in a real browser.
Opened from the editor's preview (HEADLESS_PREVIEW_URL), it shows the draft
from /api/v2/page_preview/, and nothing of it without a valid token."""

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from groups.models import MembershipRequest, WorkingGroupPage
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_coordinators_desk import screenshot
from tests.helpers import free_port

CLIENT = Path(__file__).parent / "reference_client"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def partner_site(live_server, settings):
    """The reference client served from its own origin, which the join API
    allows; yields the client's URL, pointed at the live server."""
    port = free_port()
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(QuietHandler, directory=CLIENT)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{port}"
    settings.JOIN_API_ALLOWED_ORIGINS = [origin]
    yield f"{origin}/index.html?api={live_server.url}"
    server.shutdown()
    server.server_close()


def test_a_partner_site_signs_someone_up_from_the_api_alone(browser, partner_site):
    call_command("load_demo_content", stdout=None)
    page = browser.new_page()
    page.set_default_timeout(10_000)

    page.goto(partner_site)

    immigration = page.get_by_role("checkbox", name="Immigration Working Group")
    expect(immigration).to_be_visible()
    page.get_by_text("Read the principles of the Immigration Working Group").click()
    expect(
        page.get_by_text(
            "Our focus should be on raising wage standards for all workers"
        )
    ).to_be_visible()
    assert_accessible(page)

    immigration.check()
    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    email = page.get_by_label("Personal e-mail address")
    email.fill("jane.doe@senate.state.mn.us")
    page.get_by_text("Which addresses are refused").click()
    expect(page.get_by_text("every .gov or .mil domain")).to_be_visible()
    page.get_by_label("State or territory").select_option(label="Minnesota")
    page.get_by_label("Chamber").select_option(label="State Senate")
    page.get_by_label("District").fill("42")
    page.get_by_label("Role").select_option(label="Legislator")
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(
        re.compile("senate.state.mn.us is an official address")
    )
    agreement = page.get_by_label(
        "I agree with the principles of each group I've checked"
    )
    expect(agreement).to_have_accessible_description(
        re.compile("Confirm that you agree")
    )
    assert_accessible(page)
    screenshot(page, "reference-client-errors")
    assert MembershipRequest.objects.count() == 0

    email.fill("jane.doe@example.org")
    agreement.check()
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("status")).to_contain_text("We have sent an e-mail")
    screenshot(page, "reference-client-sent")
    assert list(
        MembershipRequest.objects.values_list("email", "group__slug", "state")
    ) == [("jane.doe@example.org", "immigration", "MN")]


def test_an_editor_previews_a_draft_in_the_partner_site(
    browser, partner_site, settings, editor
):
    call_command("load_demo_content", stdout=None)
    settings.HEADLESS_PREVIEW_URL = partner_site
    group = WorkingGroupPage.objects.get(slug="immigration")
    group.summary = "A draft summary, not published yet."
    group.save_revision()
    staff = Client()
    staff.force_login(editor)
    # Where the admin's "Preview" of the draft sends the editor.
    link = staff.get(f"/admin/pages/{group.pk}/view_draft/")["Location"]
    assert link.startswith(partner_site.split("?")[0] + "?")
    page = browser.new_page()
    page.set_default_timeout(10_000)

    page.goto(link)

    expect(page.get_by_role("heading", level=1)).to_have_text(group.title)
    expect(page.get_by_text("A draft summary, not published yet.")).to_be_visible()
    expect(
        page.get_by_text("Our focus should be on raising wage standards")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reference-client-preview")

    page.goto(link.replace("token=", "token=forged"))

    expect(page.get_by_role("alert")).to_contain_text("not valid")
    expect(page.get_by_text("A draft summary")).to_have_count(0)
