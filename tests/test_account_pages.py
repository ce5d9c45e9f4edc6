"""allauth's pages in the site's words and look: "E-mail", one primary
button, plain words instead of allauth's ("Confirm Access", "Sign In")."""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import with_totp
from tests.helpers import PASSWORD

ALLAUTHS_WORDS = re.compile(
    r"\bEmail\b|Confirm Access|Sign In|Sign Out|Bad Token|Change Password|"
    r"Remember Me|Two-Factor Authentication|Authenticator App|Reauthenticate"
)


def check(response):
    assert response.status_code == 200, response
    html = response.content.decode()
    main = html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    assert not ALLAUTHS_WORDS.findall(main), (response.request["PATH_INFO"], main)
    primary = re.findall(r'class="button"', main)
    assert len(primary) == 1, (response.request["PATH_INFO"], main)


@pytest.fixture
def member(user_factory):
    user = user_factory("member@example.org", password=PASSWORD, first_name="Mem")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
    ],
)
def test_pages_for_visitors(client, db, home_page, path):
    check(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
    ],
)
def test_pages_for_a_member(client, member, home_page, path):
    client.force_login(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    check(client.get(path))


def test_the_log_in_code_page(client, member, home_page):
    response = client.post(
        "/accounts/login/code/", {"email": "member@example.org"}, follow=True
    )
    check(response)


def test_the_authenticator_code_page_and_recovery_codes(client, member, home_page):
    with_totp(member)
    response = client.post(
        "/accounts/login/",
        {"login": "member@example.org", "password": PASSWORD},
        follow=True,
    )
    check(response)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"

    client.force_login(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    check(client.get("/accounts/2fa/recovery-codes/generate/"))
    client.post("/accounts/2fa/recovery-codes/generate/")
    check(client.get("/accounts/2fa/recovery-codes/"))


def test_confirming_its_you_is_said_plainly(client, member, home_page):
    client.force_login(member)

    html = client.get("/accounts/reauthenticate/").content.decode()

    assert (
        "<h1>Confirm it's you</h1>" in html or "<h1>Confirm it&#x27;s you</h1>" in html
    )
