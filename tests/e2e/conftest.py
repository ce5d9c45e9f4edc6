"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import os
import re
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from accounts.members import mark_verified
from accounts.models import User
from tests.conftest import current_totp_code, with_totp
from tests.helpers import PASSWORD

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
def browser(live_server):
    """Debian's Chromium, started for this test.

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
        yield browser
        browser.close()
        connections.close_all()  # the ones this test's code opened


@pytest.fixture
def page(browser, live_server):
    """A page on the live server. The site's Content-Security-Policy is
    bypassed here because axe-core is injected as an inline script; the CSP
    itself is tested with `strict_page`."""
    page = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def strict_page(browser, live_server):
    """A page that keeps the site's CSP and records every violation of it in
    `page.csp_violations`."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def log_in(page, email, password=PASSWORD, totp_secret=None):
    """Fill in and send the log-in form on `page`, then the authenticator
    code if `totp_secret` is given."""
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if totp_secret:
        page.get_by_label("Code").fill(current_totp_code(totp_secret))
        page.get_by_role("button", name="Log in").click()


def log_in_to_the_admin(page):
    """A superuser with TOTP, as staff must have, logged in to the admin on
    `page`."""
    admin = User.objects.create_superuser("admin@example.org", PASSWORD)
    mark_verified(admin)
    secret = with_totp(admin)
    page.goto("/admin/")
    log_in(page, "admin@example.org", totp_secret=secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return admin


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
