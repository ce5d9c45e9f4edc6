"""The member area: my groups, leaving a group, my account."""

import pytest
from django.core import mail
from django.utils.http import urlencode
from wagtail.models import ModelLogEntry, PageViewRestriction

from accounts.models import User
from groups.models import Membership, MembershipRequest
from tests.helpers import emailed_code


@pytest.fixture
def member(join_groups, group_page_factory, membership_request_factory, settings):
    """Jane: a member of Tax Fairness, pending for Health Reform."""
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    tax, health = join_groups
    group_page_factory("Election Reform Working Group", slug="election-reform")
    senator = {"chamber": "senate", "district": "42"}
    membership_request_factory(tax, **senator).approve()
    membership_request_factory(health, **senator)  # with staff
    mail.outbox.clear()
    return User.objects.get(email="jane.doe@example.org")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/members/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/members/"


def test_a_member_sees_exactly_their_groups(client, member, user_factory):
    other = user_factory("other@example.org")
    client.force_login(member)

    html = client.get("/members/").content.decode()

    assert "My working groups" in html
    assert "Tax Fairness Working Group" in html
    assert "Leave this group" in html
    assert "Health Reform Working Group — pending" in html
    assert "/join/?groups=election-reform" in html

    client.force_login(other)
    html = client.get("/members/").content.decode()
    assert "not a member of any working group" in html
    assert "Leave this group" not in html


def test_a_private_group_page_is_not_offered_to_join(
    client, member, group_page_factory, index_page
):
    """Wagtail's public() decides, asked inside the query: a group whose
    page, or a page above it, is restricted is not listed."""
    hidden = group_page_factory("Hidden Working Group", slug="hidden")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(member)

    html = client.get("/members/").content.decode()
    assert "/join/?groups=election-reform" in html
    assert "Hidden Working Group" not in html

    PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get("/members/").content.decode()
    assert "Ask to join another group" not in html
    assert "Tax Fairness Working Group" in html  # their own group still


def test_leaving_a_group_asks_first_then_ends_the_membership(
    client, member, join_groups
):
    tax = join_groups[0]
    client.force_login(member)

    page = client.get("/members/groups/tax-fairness/leave/")
    assert "Leave the Tax Fairness Working Group?" in page.content.decode()
    assert Membership.objects.filter(user=member).exists()

    response = client.post("/members/groups/tax-fairness/leave/")

    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert not member.groups.filter(pk=tax.members_group_id).exists()
    (notice,) = mail.outbox
    assert notice.to == ["staff@example.org"]
    assert "left the Tax Fairness Working Group" in notice.body
    assert ModelLogEntry.objects.filter(
        action="groups.membership.leave", user_id=member.pk
    ).exists()


def test_a_member_cannot_leave_a_group_they_are_not_in(client, member):
    client.force_login(member)

    assert client.post("/members/groups/health-reform/leave/").status_code == 404


def test_the_join_form_is_prefilled_for_a_member(client, member):
    client.force_login(member)

    html = client.get("/join/?groups=election-reform").content.decode()

    assert 'value="jane.doe@example.org"' in html
    assert 'value="42"' in html
    assert 'value="Jane"' in html


def test_a_member_changes_their_name(client, member):
    client.force_login(member)

    client.post("/members/account/", {"first_name": "Janet", "last_name": "Doe-Smith"})

    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Janet", "Doe-Smith")


def test_a_new_e_mail_address_must_be_personal(client, member):
    member.set_password("a-long-pass-phrase")
    member.save()
    client.force_login(member)

    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "jane@senate.state.mn.us"}
    )

    assert "is an official address" in response.content.decode()
    member.refresh_from_db()
    assert member.email == "jane.doe@example.org"


DELETE_PATH = "/members/account/delete/"
ASK_FOR_A_CODE = "/accounts/reauthenticate/code/?" + urlencode({"next": DELETE_PATH})


def confirm_by_e_mailed_code(client, email):
    """Re-authenticate the logged-in member with a code sent to `email`, as
    allauth asks before an account is deleted."""
    client.post(ASK_FOR_A_CODE, {"recipient": email})
    (message,) = mail.outbox
    mail.outbox.clear()
    return client.post(
        "/accounts/reauthenticate/code/confirm/?" + urlencode({"next": DELETE_PATH}),
        {"code": emailed_code(message)},
    )


def test_a_member_without_a_password_confirms_the_deletion_with_an_e_mailed_code(
    client, member
):
    assert not member.has_usable_password()  # approved, then logged in by code
    client.force_login(member)

    asked = client.get(DELETE_PATH)
    assert asked.status_code == 302
    assert asked["Location"] == ASK_FOR_A_CODE
    page = client.get(asked["Location"]).content.decode()
    assert "jane.doe@example.org" in page

    confirmed = confirm_by_e_mailed_code(client, "jane.doe@example.org")

    assert confirmed.status_code == 302
    assert confirmed["Location"] == DELETE_PATH
    assert "Delete your account?" in client.get(DELETE_PATH).content.decode()


def test_a_wrong_code_does_not_delete_the_account(client, member):
    client.force_login(member)
    client.post(ASK_FOR_A_CODE, {"recipient": "jane.doe@example.org"})

    client.post("/accounts/reauthenticate/code/confirm/", {"code": "WRONG1"})
    response = client.post(DELETE_PATH)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/code/")
    assert User.objects.filter(email="jane.doe@example.org").exists()


def test_deleting_the_account_removes_the_person_and_keeps_an_anonymous_record(
    client, member, join_groups
):
    tax = join_groups[0]
    client.force_login(member)
    confirm_by_e_mailed_code(client, "jane.doe@example.org")

    response = client.post(DELETE_PATH)

    assert response.status_code == 302
    assert not User.objects.filter(email="jane.doe@example.org").exists()
    assert not Membership.objects.exists()
    assert not tax.members_group.user_set.exists()
    assert not MembershipRequest.objects.filter(
        email__iexact="jane.doe@example.org"
    ).exists()
    assert set(MembershipRequest.objects.values_list("first_name", flat=True)) == {
        "Deleted"
    }
    entry = ModelLogEntry.objects.get(action="accounts.account.delete")
    assert entry.label == "Deleted member"
    assert "Jane" not in str(list(ModelLogEntry.objects.values_list("label", "data")))
