"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in the test thread; the test's own
# database work there is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            # The live server sees only committed data; the rollback restores
            # what Wagtail's migrations created (root page, collections).
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )


@pytest.fixture
def page(live_server):
    """A fresh browser page on the live server.

    Playwright starts per test, after the test database is set up: while its
    event loop runs, Django hands this thread other database connections,
    which must not be the ones the test-database machinery set up.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's Chromium is not installed (apt-get install chromium): browser tests skipped."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context(base_url=live_server.url).new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()
        connections.close_all()  # the ones this test's code opened


def assert_accessible(page):
    """No axe-core violations of WCAG 2.2 A/AA on the page as it is now."""
    assert AXE_SCRIPT.exists(), (
        "axe-core is missing: run `make test` (it runs npm ci in tests/e2e)."
    )
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [
        f"{violation['id']}: {violation['help']} ({', '.join(node['target'][0] for node in violation['nodes'][:3])})"
        for violation in results["violations"]
    ]
    assert not problems, f"Accessibility violations on {page.url}:\n" + "\n".join(
        problems
    )
