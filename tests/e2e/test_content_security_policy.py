"""The site and the Wagtail admin work under the Content-Security-Policy:
no violation in the browser on the main pages and in the page editor."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.members import mark_verified
from accounts.models import User
from groups.models import WorkingGroupPage
from tests.conftest import with_totp
from tests.e2e.conftest import log_in
from tests.helpers import PASSWORD


def test_public_pages_and_the_admin_editor_run_without_csp_violations(strict_page):
    page = strict_page
    call_command("load_demo_content", stdout=None)
    admin = User.objects.create_superuser("admin@example.org", PASSWORD)
    mark_verified(admin)
    secret = with_totp(admin)
    group = WorkingGroupPage.objects.get(slug="immigration")

    for url in (
        "/",
        "/working-groups/",
        "/working-groups/immigration/",
        "/join/",
        "/search/?q=wage",
        "/accounts/login/",
    ):
        response = page.goto(url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
    page.goto("/join/")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_be_visible()

    page.goto("/admin/")
    log_in(page, "admin@example.org", totp_secret=secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/pages/{group.pk}/edit/")
    expect(page.get_by_role("textbox", name="Summary")).to_be_visible()
    page.get_by_role("button", name="Add principle").first.click()
    page.get_by_role("button", name="Toggle preview").click()

    expect(
        # The editor loads the preview in a second frame, then swaps it in.
        page.locator("iframe[title='Preview']").last.content_frame.get_by_role(
            "heading", level=1
        )
    ).to_have_text("Immigration Working Group")
    page.goto("/working-groups/immigration/")  # with the editors' userbar
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    page.goto("/admin/documents/")
    page.goto("/admin/groups/membershiprequest/")

    assert page.csp_violations == []
