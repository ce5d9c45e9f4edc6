"""Journey 4 in a browser: a member finds and downloads a document, and is
refused another group's."""

import re

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from accounts.models import User
from groups.models import Membership, WorkingGroupPage
from tests.e2e.conftest import assert_accessible, log_in
from tests.helpers import PASSWORD


def test_a_member_reads_their_groups_documents(page):
    call_command("load_demo_content", stdout=None)
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    tax = WorkingGroupPage.objects.get(slug="tax-fairness")
    member = User.objects.create_user("member@example.org", PASSWORD, first_name="Mo")
    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    Membership.objects.create(user=member, group=immigration)
    Document = get_document_model()
    Document.objects.create(
        title="2027 session strategy",
        description="Bills to watch and who to call.",
        collection=immigration.collection,
        file=ContentFile(b"%PDF-1.4 immigration strategy", name="session-strategy.pdf"),
    )
    Document.objects.create(
        title="Budget talking points",
        collection=immigration.collection,
        file=ContentFile(b"%PDF-1.4 budget", name="budget.pdf"),
    )
    other = Document.objects.create(
        title="Tax plan",
        collection=tax.collection,
        file=ContentFile(b"%PDF-1.4 tax", name="tax-plan.pdf"),
    )

    page.goto("/")
    page.get_by_role("link", name="Log in", exact=True).click()
    log_in(page, "member@example.org")
    expect(page.get_by_role("heading", name="My working groups")).to_be_visible()
    expect(page.get_by_role("link", name="2027 session strategy")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Search all my groups' documents").click()
    page.get_by_label("Search titles and descriptions").fill("bills to watch")
    page.get_by_role("button", name="Show documents").click()
    expect(page.get_by_role("link", name="2027 session strategy")).to_be_visible()
    expect(page.get_by_role("link", name="Budget talking points")).to_have_count(0)
    assert_accessible(page)

    # PDFs open in the browser; fetch the link with the member's session.
    href = page.get_by_role("link", name="2027 session strategy").get_attribute("href")
    download = page.request.get(href)
    assert download.status == 200
    assert download.body() == b"%PDF-1.4 immigration strategy"
    assert "no-store" in download.headers["cache-control"]

    page.goto(other.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This document is for members of the Tax Fairness Working Group"
    )
    expect(
        page.get_by_role("link", name="Ask to join the Tax Fairness Working Group")
    ).to_have_attribute("href", re.compile(r"/join/\?groups=tax-fairness$"))
    assert_accessible(page)
