"""What approving and declining a request does (MembershipRequest.approve/decline)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from wagtail.models import ModelLogEntry

from accounts.models import User
from groups.models import Membership
from tests.helpers import password_reset_path


@pytest.fixture
def jane_asks(join_groups, membership_request_factory):
    tax = join_groups[0]

    def make(group=tax, email="Jane.Doe@example.org", **fields):
        return membership_request_factory(group, email, **fields)

    make.groups = join_groups
    return make


def test_approving_makes_a_member_with_a_verified_address(jane_asks, coordinator):
    request = jane_asks()

    assert request.approve(by=coordinator) is True

    user = User.objects.get(email="jane.doe@example.org")
    assert (user.first_name, user.last_name) == ("Jane", "Doe")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert user.groups.filter(pk=request.group.members_group_id).exists()
    membership = Membership.objects.get()
    assert (membership.user, membership.group, membership.approved_by) == (
        user,
        request.group,
        coordinator,
    )
    assert request.status == "approved" and request.decided_by == coordinator
    entry = ModelLogEntry.objects.get(action="groups.request.approve")
    assert entry.user_id == coordinator.pk


def test_one_account_for_two_groups(jane_asks):
    tax, health = jane_asks.groups
    first = jane_asks(tax, email="jane.doe@example.org")
    second = jane_asks(health, email="JANE.DOE@example.org")

    first.approve()
    second.approve()

    assert User.objects.count() == 1
    assert set(User.objects.get().groups.all()) == {
        tax.members_group,
        health.members_group,
    }


def test_the_approval_mail_lets_them_set_a_password_and_log_in(client, jane_asks):
    jane_asks().approve()

    (message,) = mail.outbox
    assert message.to == ["jane.doe@example.org"]
    assert "Tax Fairness Working Group" in message.subject
    path = password_reset_path(message)
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_path,
        {"password1": "a-new-long-pass-phrase", "password2": "a-new-long-pass-phrase"},
    )
    assert response.status_code == 302

    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "Jane.Doe@example.org", "password": "a-new-long-pass-phrase"},
    )
    assert response.status_code == 302
    assert client.get("/members/").status_code == 200


def test_someone_with_a_password_gets_a_log_in_link(jane_asks, user_factory):
    user_factory("jane.doe@example.org", password="a-long-pass-phrase")

    jane_asks().approve()

    (message,) = mail.outbox
    assert "/accounts/password/reset/key/" not in message.body
    assert "http://127.0.0.1:8000/accounts/login/" in message.body


def test_approving_twice_changes_nothing_and_sends_nothing_twice(jane_asks):
    request = jane_asks()
    request.approve()

    assert request.approve() is False

    assert Membership.objects.count() == 1
    assert len(mail.outbox) == 1
    assert ModelLogEntry.objects.filter(action="groups.request.approve").count() == 1


def test_declining_mails_the_message_and_creates_nothing(jane_asks, coordinator):
    request = jane_asks()

    assert (
        request.decline(
            by=coordinator, message="Please use your caucus's group instead."
        )
        is True
    )

    assert request.status == "declined"
    assert not User.objects.filter(email__iexact=request.email).exists()
    assert not Membership.objects.exists()
    (message,) = mail.outbox
    assert "Please use your caucus's group instead." in message.body
    assert (
        ModelLogEntry.objects.get(action="groups.request.decline").user_id
        == coordinator.pk
    )
    assert request.decline() is False
    assert len(mail.outbox) == 1


def test_removing_a_member_ends_that_group_only(jane_asks):
    tax, health = jane_asks.groups
    jane_asks(tax).approve()
    jane_asks(health).approve()
    user = User.objects.get()

    Membership.objects.get(group=tax).delete()

    assert set(user.groups.all()) == {health.members_group}


def test_approving_a_second_request_of_a_member_sends_nothing(jane_asks):
    jane_asks().approve()
    again = jane_asks(confirmed=False, district="7")
    mail.outbox.clear()

    assert again.approve() is True

    assert Membership.objects.count() == 1
    assert mail.outbox == []
