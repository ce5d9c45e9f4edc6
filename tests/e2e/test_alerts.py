"""New-document alerts in a browser: a member gets the e-mail, follows its
link to the document (logging in on the way), chooses the weekly digest in
the member area, and another stops the e-mail from the link in it without
logging in."""

import re

from playwright.sync_api import expect

from groups.models import Membership
from groups.models.membership import Alerts
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_directory import screenshot


def link_in(message, prefix):
    return re.search(rf"http://127\.0\.0\.1:8000({prefix}\S*)", message.body).group(1)


def test_a_member_hears_of_a_new_document_and_chooses_how(
    page, join_groups, member_factory, document_factory, mailoutbox
):
    tax, _ = join_groups
    member = member_factory("ann@example.org", tax)

    document_factory("Tax strategy memo", tax.collection, content=b"%PDF-1.4 plan")

    (message,) = mailoutbox
    assert message.to == ["ann@example.org"]
    document_path = link_in(message, "/documents/")
    page.goto(document_path)
    expect(page.get_by_text("This document is for members of the")).to_be_visible()
    log_in(page, "ann@example.org")  # then the browser shows the document
    page.wait_for_url(f"**{document_path}")
    assert page.request.get(document_path).body() == b"%PDF-1.4 plan"

    page.goto("/members/")
    choices = page.get_by_role("group", name="When the group gets a new document")
    expect(choices.get_by_label("At once")).to_be_checked()
    expect(
        page.get_by_text("One e-mail a week listing the new documents")
    ).to_be_visible()
    choices.get_by_label("In a weekly digest").check()
    page.get_by_role("button", name="Save my choice for this group").click()

    expect(
        page.get_by_text(f"New documents of the {tax.title} will be in your weekly")
    ).to_be_visible()
    expect(choices.get_by_label("In a weekly digest")).to_be_checked()
    assert Membership.objects.get(user=member).alerts == Alerts.WEEKLY
    assert_accessible(page)
    screenshot(page, "alerts-member-choice")


def test_the_link_in_the_mail_stops_alerts_without_logging_in(
    page, join_groups, member_factory, document_factory, mailoutbox
):
    tax, health = join_groups
    member = member_factory("ann@example.org", tax, health)
    document_factory("Tax strategy memo", tax.collection)
    (message,) = mailoutbox

    page.goto(link_in(message, "/members/alerts/stop/"))
    expect(
        page.get_by_role("heading", name="Stop e-mail about new documents?")
    ).to_be_visible()
    expect(page.get_by_text(tax.title)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "alerts-unsubscribe")
    page.get_by_role("button", name="Stop these e-mails").click()

    expect(
        page.get_by_role("heading", name="Done: no more e-mail about new documents")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "alerts-unsubscribed")
    assert dict(
        Membership.objects.filter(user=member).values_list("group__slug", "alerts")
    ) == {"tax-fairness": Alerts.NEVER, "health-reform": Alerts.IMMEDIATE}
