"""Logging in, only through allauth, with its controls on."""

import base64
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.conftest import current_totp_code
from tests.helpers import PASSWORD, emailed_code, password_reset_path


@pytest.fixture
def member(user_factory):
    user = user_factory("member@example.org", password=PASSWORD, first_name="Mem")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def logged_in(client):
    return "_auth_user_id" in client.session


def test_log_in_and_out_with_e_mail_and_password(client, member):
    response = client.post(
        "/accounts/login/", {"login": "MEMBER@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert logged_in(client)
    client.post("/accounts/logout/")
    assert not logged_in(client)


def test_the_header_link_leads_to_the_login(client, home_page):
    html = client.get("/").content.decode()

    assert 'Already a member? <a href="/accounts/login/">Log in</a>' in html
    assert client.get("/accounts/login/").status_code == 200


def test_a_wrong_password_says_the_same_for_known_and_unknown_addresses(client, member):
    known = client.post(
        "/accounts/login/",
        {"login": "member@example.org", "password": "wrong-password"},
    )
    unknown = client.post(
        "/accounts/login/",
        {"login": "nobody@example.org", "password": "wrong-password"},
    )

    assert known.status_code == unknown.status_code == 200
    errors = [
        re.sub(r"\s+", " ", str(r.context["form"].non_field_errors()))
        for r in (known, unknown)
    ]
    assert errors[0] == errors[1]
    assert not logged_in(client)


def test_ten_wrong_passwords_are_rate_limited(client, member):
    for _ in range(10):
        client.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": "wrong-password"},
        )

    response = client.post(
        "/accounts/login/", {"login": "member@example.org", "password": PASSWORD}
    )

    assert not logged_in(client)
    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()


def test_password_reset_does_not_reveal_who_has_an_account(client, member):
    known = client.post("/accounts/password/reset/", {"email": "member@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    reset = [message for message in mail.outbox if "member@example.org" in message.to]
    assert len(reset) == 1
    response = client.get(password_reset_path(reset[0]), follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "another-long-phrase", "password2": "another-long-phrase"},
    )
    assert response.status_code == 302
    client.logout()  # setting it logged them in
    assert (
        client.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": "another-long-phrase"},
        ).status_code
        == 302
    )


def test_log_in_by_a_code_sent_by_e_mail(client, member):
    client.post("/accounts/login/code/", {"email": "member@example.org"})
    (message,) = mail.outbox

    response = client.post(
        "/accounts/login/code/confirm/", {"code": emailed_code(message)}
    )

    assert response.status_code == 302
    assert logged_in(client)


def test_there_is_no_public_sign_up(client, db):
    page = client.get("/accounts/signup/")
    client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD}
    )

    assert "/join/" in page.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_wagtails_login_pages_lead_to_allauths_and_log_nobody_in(client, member, path):
    member.is_superuser = True
    member.save()

    response = client.post(
        path,
        {
            "username": "member@example.org",
            "password": PASSWORD,
            "login": "member@example.org",
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not logged_in(client)


def test_the_api_takes_no_basic_auth(client, member, home_page):
    credentials = base64.b64encode(f"member@example.org:{PASSWORD}".encode()).decode()

    client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert not logged_in(client)


def test_wagtails_own_password_reset_is_off(client, db):
    assert client.get("/admin/password_reset/").status_code == 404


def test_staff_who_see_membership_data_must_set_up_two_factor_first(
    client, user_factory, coordinator
):
    from django.contrib.auth.models import Group

    newcomer = user_factory("new.coordinator@example.org", password=PASSWORD)
    newcomer.groups.add(Group.objects.get(name="Membership coordinators"))
    EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=True, primary=True
    )
    client.force_login(newcomer)

    response = client.get("/admin/groups/membershiprequest/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    client.force_login(coordinator)
    assert client.get("/admin/groups/membershiprequest/").status_code == 200


def test_editors_need_no_two_factor(client, editor):
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_staff_with_two_factor_give_a_code_when_logging_in(client, user_factory):
    from django.contrib.auth.models import Group

    from tests.conftest import with_totp

    staff = user_factory("staff@example.org", password=PASSWORD)
    staff.groups.add(Group.objects.get(name="Membership coordinators"))
    EmailAddress.objects.create(
        user=staff, email=staff.email, verified=True, primary=True
    )
    secret = with_totp(staff)

    response = client.post(
        "/accounts/login/", {"login": "staff@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not logged_in(client)

    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code(secret)})
    assert logged_in(client)
