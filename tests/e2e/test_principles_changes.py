"""Principles that change, in a browser: staff reword a principle and
publish; the member finds the request on /members/, reviews the changes,
agrees, and the request is gone; coordinators see who agreed."""

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, log_in_to_the_admin
from tests.e2e.test_directory import approved_member, logged_in_page, screenshot


def test_a_reworded_principle_asks_the_member_to_agree(
    browser, live_server, group_page, membership_request_factory
):
    approved_member(
        membership_request_factory,
        group_page,
        "ann@example.org",
        first_name="Ann",
        last_name="Arbor",
    )
    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    staff.set_default_timeout(15_000)
    log_in_to_the_admin(staff)
    staff.goto(f"/admin/pages/{group_page.pk}/edit/")
    staff.locator("#id_principles-1-text").fill("Second principle, reworded by staff.")
    staff.get_by_role("button", name="More actions").click()
    staff.get_by_role("button", name="Publish").click()
    expect(staff.get_by_text("has been published")).to_be_visible()
    assert [m.to for m in mail.outbox if "changed its principles" in m.subject] == [
        ["ann@example.org"]
    ]

    member = logged_in_page(browser, live_server, "ann@example.org")
    notice = member.locator(".principles-notice")
    expect(notice).to_contain_text(
        "The Immigration Working Group changed its principles"
    )
    assert_accessible(member)
    screenshot(member, "principles-notice")

    notice.get_by_role("link", name="Review the changes").click()
    expect(
        member.get_by_role(
            "heading", name="The Immigration Working Group changed its principles"
        )
    ).to_be_visible()
    screenshot(member, "principles-review")
    reworded = member.locator(".principles-diff__line--changed")
    expect(reworded).to_contain_text("Second principle, reworded by staff.")
    expect(reworded).to_contain_text("It said: Second principle.")
    expect(member.get_by_role("link", name="Leave the group")).to_be_visible()
    assert_accessible(member)

    member.get_by_role("button", name="I agree to these principles").click()
    expect(
        member.get_by_text("Thank you: you agree to the Immigration")
    ).to_be_visible()
    expect(member.locator(".principles-notice")).to_have_count(0)

    staff.goto("/admin/groups/membership/?principles=all")
    expect(staff.get_by_text("Agreed to the current ones")).to_be_visible()
    screenshot(staff, "principles-admin-members")
    staff.goto("/admin/groups/membership/?principles=behind")
    expect(staff.get_by_text("ann@example.org")).to_have_count(0)
