"""Journey 1, as a visitor sees it: from the home page to a group's principles."""

from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def test_a_visitor_reads_a_groups_principles(page):
    call_command("load_demo_content", stdout=None)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "State Legislators: Join a Working Group Today"
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Working groups"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working Groups")
    assert_accessible(page)

    page.get_by_role("link", name="Immigration Working Group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Immigration Working Group"
    )
    principles = page.get_by_role("region", name="Principles").get_by_role("listitem")
    expect(principles).to_have_count(3)
    expect(principles.first).to_have_text(
        "Our communities are richer when we give new immigrants the opportunity to contribute and participate fully in our society."
    )
    expect(page.get_by_role("link", name="Join this working group")).to_have_attribute(
        "href", "/join/?groups=immigration"
    )
    assert_accessible(page)


def test_search_and_not_found_pages_are_accessible(page):
    call_command("load_demo_content", stdout=None)

    page.goto("/search/")
    page.get_by_label("Search the site").fill("minimum wage")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("link", name="Economic Security Working Group")
    ).to_be_visible()
    assert_accessible(page)

    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
