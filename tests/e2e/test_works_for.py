"""Legislative staff say whom they work for, in a browser: the question
appears once "Legislative staff" is chosen (and always without scripts),
and coordinators read it in the request list."""

from playwright.sync_api import expect

from groups.models import MembershipRequest
from tests.e2e.conftest import assert_accessible, log_in_to_the_admin
from tests.e2e.test_directory import screenshot

QUESTION = "Legislator you work for (staff only)"


def test_staff_say_whom_they_work_for(page, browser, live_server, join_groups):
    page.goto("/join/?groups=tax-fairness")
    expect(page.get_by_label(QUESTION)).to_be_hidden()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Aide")
    page.get_by_label("Personal e-mail address").fill("sam.aide@example.org")
    page.get_by_label("State or territory").select_option(label="Wisconsin")
    page.get_by_label("Chamber").select_option(label="State Senate")
    page.get_by_label("District").fill("12")
    page.get_by_label("Role").select_option(label="Legislative staff")
    page.get_by_label(QUESTION).fill("Sen. Jane Doe")
    page.get_by_label("I agree with the principles of each group I've checked").check()
    assert_accessible(page)
    page.locator("#id_works_for").scroll_into_view_if_needed()
    screenshot(page, "join-works-for")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    request = MembershipRequest.objects.get()
    assert (request.role, request.works_for) == ("staff", "Sen. Jane Doe")

    no_script = browser.new_context(
        base_url=live_server.url, java_script_enabled=False
    ).new_page()
    no_script.goto("/join/")
    expect(no_script.get_by_label(QUESTION)).to_be_visible()

    MembershipRequest.objects.update(email_confirmed_at=request.created_at)
    log_in_to_the_admin(page)
    page.goto("/admin/groups/membershiprequest/")
    expect(page.get_by_text("works for Sen. Jane Doe")).to_be_visible()
    screenshot(page, "admin-requests-works-for")
