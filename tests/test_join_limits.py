"""Rate limits on joining: per e-mail address and per client address."""

import pytest
from django.core import mail
from django.test import override_settings

from groups.models import MembershipRequest
from tests.helpers import sign_up

pytestmark = pytest.mark.usefixtures("join_groups")


def test_five_mails_an_hour_per_address_and_every_sign_up_is_taken(client):
    for district in range(6):
        response = client.post(
            "/join/", sign_up(email="Jane@example.org", district=str(district))
        )
        assert response.status_code == 302

    assert len(mail.outbox) == 5
    assert MembershipRequest.objects.filter(group__slug="tax-fairness").count() == 6


def join_as(client, number, **headers):
    """A valid sign-up from person<number>@example.org."""
    return client.post(
        "/join/", sign_up(email=f"person{number}@example.org"), **headers
    )


@override_settings(JOIN_RATE_LIMIT="3/h")
def test_the_client_address_limit(client):
    for number in range(3):
        assert join_as(client, number).status_code == 302

    response = join_as(client, 9)

    assert response.status_code == 429
    assert not MembershipRequest.objects.filter(email="person9@example.org").exists()


@override_settings(JOIN_RATE_LIMIT="0")
def test_zero_turns_the_client_address_limit_off(client):
    for number in range(8):
        assert join_as(client, number).status_code == 302


@override_settings(JOIN_RATE_LIMIT="2/h", ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_forged_forwarded_for_does_not_help(client):
    def post(forwarded_for, number):
        return join_as(client, number, HTTP_X_FORWARDED_FOR=forwarded_for)

    # The proxy appends the real client address; what the client sent comes first.
    assert post("1.1.1.1, 203.0.113.7", 1).status_code == 302
    assert post("2.2.2.2, 203.0.113.7", 2).status_code == 302
    assert post("3.3.3.3, 203.0.113.7", 3).status_code == 429
    # Someone else behind the same proxy is not held back.
    assert post("203.0.113.8", 4).status_code == 302
