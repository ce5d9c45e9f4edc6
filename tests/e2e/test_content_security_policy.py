"""The site and the Wagtail admin work under the Content-Security-Policy:
no violation in the browser on the main pages, in the page editor and on
the admin views that render Wagtail's inline scripts; markup stored in
membership data runs nowhere, the membership views allowing no inline
script at all."""

from django.core.management import call_command
from playwright.sync_api import expect

from groups.models import WorkingGroupPage
from tests.e2e.conftest import log_in_to_the_admin


def test_public_pages_and_the_admin_editor_run_without_csp_violations(strict_page):
    page = strict_page
    call_command("load_demo_content", stdout=None)
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

    log_in_to_the_admin(page)

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


def test_the_admin_runs_without_csp_violations_and_membership_views_are_strict(
    strict_page, membership_request_factory
):
    page = strict_page
    call_command("load_demo_content", stdout=None)
    group = WorkingGroupPage.objects.get(slug="immigration")
    markup = {
        "first_name": "<script>window.stored_markup_ran = true</script>",
        "last_name": '<img src="/nowhere" onerror="window.stored_markup_ran = true">',
    }
    request = membership_request_factory(group, **markup)
    membership_request_factory(group, "member@example.org", **markup).approve()
    log_in_to_the_admin(page)

    # Views where Wagtail renders inline scripts (date pickers in filters)
    for url in (
        f"/admin/pages/{group.get_parent().pk}/",
        f"/admin/pages/{group.pk}/history/",
        "/admin/reports/site-history/",
        "/admin/users/",
        "/admin/settings/cms/emaildomainpolicy/",
        "/admin/documents/add/",
    ):
        page.goto(url)
    membership_views = (
        "/admin/groups/membershiprequest/?status=all&confirmed=all",
        f"/admin/groups/membershiprequest/inspect/{request.pk}/",
        f"/admin/groups/membershiprequest/decline/?ids={request.pk}",
        "/admin/groups/membership/",
    )
    for url in membership_views:
        response = page.goto(url)
        policy = response.headers["content-security-policy"].split("; ")
        assert "script-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert response.headers["x-frame-options"] == "DENY"
        expect(page.get_by_text("window.stored_markup_ran").first).to_be_visible()
        assert page.evaluate("window.stored_markup_ran") is None

    assert page.csp_violations == []
