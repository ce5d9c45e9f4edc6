"""A new member's first password, from the link in the approval e-mail; and
the notice a member who had a password gets when it is reset."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.helpers import PASSWORD, password_reset_path

NEW_PASSWORD = "Jane's own long phrase"


@pytest.fixture
def approved_jane(join_groups, membership_request_factory):
    membership_request_factory(join_groups[0], "jane.doe@example.org").approve()
    (message,) = mail.outbox
    mail.outbox.clear()
    return password_reset_path(message)


def open_link(client, path):
    """Follow an e-mailed set-password link; the form's own address."""
    response = client.get(path, follow=True)
    return response.redirect_chain[-1][0], response


def set_password(client, form_path):
    return client.post(
        form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )


def test_the_link_opens_a_set_your_password_page(client, approved_jane):
    _, response = open_link(client, approved_jane)

    html = response.content.decode()
    assert "<h1>Set your password</h1>" in html
    assert "Change Password" not in html
    assert "Cancel" not in html
    assert html.count('class="button"') == 1  # one primary button


def test_the_first_password_logs_them_in_with_a_welcome_and_no_alarm(
    client, approved_jane
):
    form_path, _ = open_link(client, approved_jane)

    response = set_password(client, form_path)

    assert response.redirect_chain[-1][0] == "/members/"
    assert response.context["user"].email == "jane.doe@example.org"
    html = response.content.decode()
    assert "Welcome, Jane" in html
    assert "Successfully signed in" not in html
    assert "Password successfully changed" not in html
    assert mail.outbox == []


def test_a_member_with_a_password_gets_a_notice_in_the_sites_words(
    client, user_factory
):
    user = user_factory("member@example.org", password=PASSWORD, first_name="Mem")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client.post("/accounts/password/reset/", {"email": "member@example.org"})
    (reset,) = mail.outbox
    mail.outbox.clear()
    form_path, response = open_link(client, password_reset_path(reset))
    assert "<h1>Choose a new password</h1>" in response.content.decode()

    response = set_password(client, form_path)

    assert response.redirect_chain[-1][0] == "/members/"
    assert "Your new password is set" in response.content.decode()
    (notice,) = mail.outbox
    assert notice.to == ["member@example.org"]
    assert notice.subject == "Working Groups: your password was changed"
    assert notice.body.startswith("Hello Mem,")
    assert "Hello from" not in notice.body
    assert "security precautions" not in notice.body
    assert "http://127.0.0.1:8000/accounts/password/reset/" in notice.body


def test_an_expired_link_says_so_and_offers_a_new_one(client, approved_jane):
    response = client.get(approved_jane.replace("-", "x", 1), follow=True)

    html = response.content.decode()
    assert "This link has expired or was already used" in html
    assert 'href="/accounts/password/reset/"' in html
    assert "Bad Token" not in html
