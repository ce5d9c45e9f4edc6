"""Journeys 3 and 4 in a browser: a coordinator approves; the member sets a
password from the e-mail, logs in and sees the group."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from groups.models import MembershipRequest, WorkingGroupPage
from tests.conftest import current_totp_code, with_totp
from tests.e2e.conftest import assert_accessible

PASSWORD = "a-long-pass-phrase"


def make_coordinator():
    user = User.objects.create_user(
        "coordinator@example.org", PASSWORD, first_name="Cora"
    )
    user.groups.add(Group.objects.get(name="Membership coordinators"))
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return with_totp(user)


def test_a_coordinator_approves_and_the_member_logs_in(page, live_server):
    call_command("load_demo_content", stdout=None)
    secret = make_coordinator()
    immigration = WorkingGroupPage.objects.get(slug="immigration")
    MembershipRequest.objects.create(
        email="jane.doe@example.org",
        first_name="Jane",
        last_name="Doe",
        group=immigration,
        state="MN",
        chamber="senate",
        district="42",
        role="legislator",
        agreed_revision=immigration.live_revision,
        agreed_at=timezone.now(),
        email_confirmed_at=timezone.now(),
    )

    # The coordinator logs in (password, then the authenticator code).
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label("E-mail address").fill("coordinator@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/groups/membershiprequest/")
    expect(page.get_by_text("Jane Doe").first).to_be_visible()
    page.get_by_role("checkbox", name="Jane Doe").check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved 1 request.")).to_be_visible()

    # The member follows the link in the e-mail.
    (message,) = [m for m in mail.outbox if m.to == ["jane.doe@example.org"]]
    link = re.search(
        r"http://127\.0\.0\.1:8000(/accounts/password/reset/key/\S+/)", message.body
    ).group(1)
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
        "button", name=re.compile("Change password|Set password", re.I)
    ).click()

    member.goto("/")
    member.get_by_role("link", name="Log in", exact=True).click()
    assert_accessible(member)
    member.get_by_label("E-mail address").fill("Jane.Doe@example.org")
    member.get_by_label("Password").fill("Jane's own long phrase")
    member.get_by_role("button", name="Log in").click()

    expect(member.get_by_role("heading", name="My working groups")).to_be_visible()
    expect(member.get_by_role("link", name="Immigration Working Group")).to_be_visible()
    assert_accessible(member)
