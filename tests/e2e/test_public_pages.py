"""The public pages at desktop and phone widths: screenshots to look at
(test-results/screenshots/), one column on a phone, no sideways scrolling
down to 320 px, and a group page that uses a desktop's width."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PAGES = {
    "home": "/",
    "working-groups": "/working-groups/",
    "group": "/working-groups/economic-security/",
    "join": "/join/",
}
WIDTHS = (1280, 390, 320)


@pytest.fixture
def demo_site():
    call_command("load_demo_content", stdout=None)


def sideways_overflow(page):
    """How many CSS pixels the page is wider than the window."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.usefixtures("demo_site")
@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_the_window(page, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES.items():
        page.goto(path)
        if width != 320:
            page.screenshot(
                path=str(SCREENSHOTS / f"public-{name}-{width}.png"), full_page=True
            )
        assert sideways_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"


@pytest.mark.usefixtures("demo_site")
def test_a_group_page_puts_joining_beside_the_text_on_a_desktop(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PAGES["group"])

    text = page.get_by_role("article").bounding_box()
    side = page.get_by_role(
        "complementary", name="Joining the Economic Security Working Group"
    )
    expect(side.get_by_role("link", name="Join this working group")).to_be_visible()
    expect(side.get_by_text("10 principles")).to_be_visible()
    box = side.bounding_box()
    assert box["x"] >= text["x"] + text["width"], "the side column is beside the text"
    assert box["y"] < text["y"] + 200, "and starts at its top"
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 900})
    text = page.get_by_role("article").bounding_box()
    box = side.bounding_box()
    assert box["y"] >= text["y"] + text["height"], "on a phone it follows the text"
    assert_accessible(page)
