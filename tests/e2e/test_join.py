"""Journey 2 in a browser: a legislator joins two groups."""

from django.core.management import call_command
from playwright.sync_api import expect

from groups.models import MembershipRequest
from tests.e2e.conftest import assert_accessible


def test_a_legislator_joins_two_groups(page):
    call_command("load_demo_content", stdout=None)

    page.goto("/working-groups/immigration/")
    page.get_by_role("link", name="Join this working group").click()
    expect(
        page.get_by_role("checkbox", name="Immigration Working Group")
    ).to_be_checked()
    assert_accessible(page)

    page.get_by_role("checkbox", name="Economic Security Working Group").check()
    page.get_by_text("Read the principles of the Immigration Working Group").click()
    expect(
        page.get_by_text(
            "Our focus should be on raising wage standards for all workers"
        )
    ).to_be_visible()

    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Personal e-mail address").fill("jane.doe@senate.state.mn.us")
    page.get_by_label("State or territory").select_option(label="Minnesota")
    page.get_by_label("Chamber").select_option(label="State Senate")
    page.get_by_label("District").fill("42")
    page.get_by_label("Role").select_option(label="Legislator")
    page.get_by_label("I agree with the principles of each group I've checked").check()
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(
        page.get_by_text("senate.state.mn.us is an official address").first
    ).to_be_visible()
    expect(page.get_by_label("District")).to_have_value("42")
    expect(
        page.get_by_role("checkbox", name="Economic Security Working Group")
    ).to_be_checked()
    assert_accessible(page)
    assert MembershipRequest.objects.count() == 0

    page.get_by_label("Personal e-mail address").fill("jane.doe@example.org")
    page.get_by_label("I agree with the principles of each group I've checked").check()
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(page.get_by_role("link", name="Immigration Working Group")).to_be_visible()
    expect(
        page.get_by_role("link", name="Economic Security Working Group")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)
    assert sorted(MembershipRequest.objects.values_list("group__slug", flat=True)) == [
        "economic-security",
        "immigration",
    ]
