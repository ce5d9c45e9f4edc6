"""Journeys 3 and 4 in a browser: a coordinator approves; the member sets a
password from the e-mail, logs in and sees the group."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from groups.models import WorkingGroupPage
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible, log_in
from tests.helpers import PASSWORD, password_reset_path


def make_coordinator():
    user = User.objects.create_user(
        "coordinator@example.org", PASSWORD, first_name="Cora"
    )
    user.groups.add(Group.objects.get(name="Membership coordinators"))
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return with_totp(user)


def test_a_coordinator_approves_and_the_member_logs_in(
    page, live_server, membership_request_factory
):
    call_command("load_demo_content", stdout=None)
    secret = make_coordinator()
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    membership_request_factory(immigration, chamber="senate", district="42")

    # The coordinator logs in (password, then the authenticator code).
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    log_in(page, "coordinator@example.org", totp_secret=secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/groups/membershiprequest/")
    expect(page.get_by_text("Jane Doe").first).to_be_visible()
    page.get_by_role("checkbox", name="Jane Doe").check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved 1 request.")).to_be_visible()

    # The member follows the link in the e-mail.
    (message,) = [m for m in mail.outbox if m.to == ["jane.doe@example.org"]]
    link = password_reset_path(message)
    member = page.context.browser.new_context(
        base_url=live_server.url, bypass_csp=True
    ).new_page()
    member.goto(link)
    member.get_by_label(re.compile(r"^New password$", re.I)).fill(
        "Jane's own long phrase"
    )
    member.get_by_label(re.compile(r"^New password \(again\)$", re.I)).fill(
        "Jane's own long phrase"
    )
    member.get_by_role(
        "button", name=re.compile("Change password|Set my password", re.I)
    ).click()
    # Setting it logged them in; they log out to log in again.
    expect(member).to_have_url(re.compile(r"/members/$"))
    member.get_by_role("banner").get_by_role("button", name="Log out").click()

    member.goto("/")
    member.get_by_role("link", name="Log in", exact=True).click()
    assert_accessible(member)
    log_in(member, "Jane.Doe@example.org", "Jane's own long phrase")

    expect(member.get_by_role("heading", name="My working groups")).to_be_visible()
    expect(member.get_by_role("link", name="Immigration Working Group")).to_be_visible()
    assert_accessible(member)
