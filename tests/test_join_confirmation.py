"""Confirming the address from the e-mail, and the notice to the groups' staff."""

from unittest import mock

import pytest
from django.core import mail, signing
from django.test import override_settings

from groups.models import GroupNotificationSettings, MembershipRequest
from tests.helpers import confirmation_path, sign_up

pytestmark = pytest.mark.usefixtures("join_groups")
STAFF = ["membership@example.org"]


@pytest.fixture(autouse=True)
def staff_address(settings):
    settings.STAFF_NOTIFY_EMAIL = STAFF


@pytest.fixture
def link(client):
    client.post("/join/", sign_up())
    (message,) = mail.outbox
    mail.outbox.clear()
    return confirmation_path(message)


def confirmed_count():
    return MembershipRequest.objects.filter(email_confirmed_at__isnull=False).count()


def test_opening_the_link_only_shows_a_button(client, link):
    response = client.get(link)

    assert response.status_code == 200
    assert "Confirm my e-mail address" in response.content.decode()
    assert 'method="post"' in response.content.decode()
    assert confirmed_count() == 0
    assert mail.outbox == []


def test_pressing_the_button_confirms_every_pending_request(client, link):
    response = client.post(link)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your e-mail address is confirmed" in html
    assert (
        "Tax Fairness Working Group" in html and "Health Reform Working Group" in html
    )
    assert confirmed_count() == 2


def test_staff_are_told_only_once_the_address_is_confirmed(client, link):
    assert mail.outbox == []

    client.post(link)

    assert sorted(message.subject for message in mail.outbox) == [
        "New request to join the Health Reform Working Group",
        "New request to join the Tax Fairness Working Group",
    ]
    (message,) = [m for m in mail.outbox if "Health Reform" in m.subject]
    assert message.to == STAFF
    for detail in ("Jane Doe", "Minnesota", "42B", "Legislator"):
        assert detail in message.body
    request = MembershipRequest.objects.get(group__slug="health-reform")
    assert (
        f"http://127.0.0.1:8000/admin/groups/membershiprequest/inspect/{request.pk}/"
        in message.body
    )


def test_a_groups_own_notification_addresses_come_first(client, join_groups):
    tax = join_groups[0]
    GroupNotificationSettings.objects.create(
        group=tax, emails="tax-team@example.org\nlead@example.org"
    )
    client.post("/join/", sign_up())
    link = confirmation_path(mail.outbox[0])
    mail.outbox.clear()

    client.post(link)

    recipients = {message.subject: message.to for message in mail.outbox}
    assert recipients["New request to join the Tax Fairness Working Group"] == [
        "tax-team@example.org",
        "lead@example.org",
    ]
    assert recipients["New request to join the Health Reform Working Group"] == STAFF


def test_the_link_works_once(client, link):
    client.post(link)
    mail.outbox.clear()

    response = client.post(link)

    assert "already confirmed" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path.replace("/confirm/", "/confirm/x"),
        lambda path: path[:-3] + "/",
    ],
)
def test_a_tampered_link_is_refused(client, link, tamper):
    response = client.post(tamper(link))

    assert response.status_code in (400, 404)
    assert confirmed_count() == 0
    assert mail.outbox == []


def test_an_expired_link_is_refused(client, link):
    eight_days_later = signing.time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = client.post(link)

    assert response.status_code == 400
    assert "This link doesn't work" in response.content.decode()
    assert "Confirmation links last 7 days" in response.content.decode()
    assert confirmed_count() == 0


def test_a_link_confirms_no_other_address(client, link):
    client.post("/join/", sign_up(email="someone.else@example.org"))

    client.post(link)

    assert (
        MembershipRequest.objects.get(
            email="someone.else@example.org", group__slug="tax-fairness"
        ).email_confirmed_at
        is None
    )


@override_settings(STAFF_NOTIFY_EMAIL=STAFF)
def test_names_with_markup_are_escaped_in_the_html_mail(client):
    client.post(
        "/join/", sign_up(first_name="<b>Jane</b>", last_name="<script>x</script>")
    )
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;b&gt;Jane&lt;/b&gt;" in html
    link = confirmation_path(mail.outbox[0])
    mail.outbox.clear()

    client.post(link)

    notice_html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in notice_html
    assert "&lt;script&gt;" in notice_html
    assert "<b>Jane</b>" not in mail.outbox[0].subject
