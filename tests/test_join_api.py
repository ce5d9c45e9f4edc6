"""POST /api/v2/join/: the join form as JSON."""

import json

import pytest
from django.core import mail
from django.test import override_settings

from groups.joining import CHECK_YOUR_EMAIL
from groups.models import MembershipRequest
from tests.helpers import sign_up

pytestmark = pytest.mark.usefixtures("join_groups")


def payload(**overrides):
    """The sign-up as JSON: no phone, and a boolean agreement."""
    return {**sign_up(phone=None, agree_principles=True), **overrides}


def post(client, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post("/api/v2/join/", body, content_type="application/json", **extra)


def test_a_valid_sign_up_answers_201_and_says_to_check_the_mail(client):
    response = post(client, payload())

    assert response.status_code == 201
    assert response.json() == {
        "email": "jane.doe@example.org",
        "groups": ["tax-fairness", "health-reform"],
        "detail": CHECK_YOUR_EMAIL,
    }
    assert MembershipRequest.objects.count() == 2
    assert len(mail.outbox) == 1


def test_asking_again_answers_the_same_and_stores_nothing_twice(client):
    first = post(client, payload(groups=["tax-fairness"])).json()

    again = post(client, payload(groups=["tax-fairness"])).json()

    assert again == first
    assert MembershipRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "jane@senate.state.ny.us"}, "email", "is an official address"),
        ({"groups": []}, "groups", "Choose at least one working group."),
        ({"agree_principles": False}, "agree_principles", "Confirm that you agree"),
        ({"state": "XX"}, "state", "Choose your state or territory from the list."),
        (
            {"groups": [1, 2]},
            "groups",
            "Must be a list of working group slugs.",
        ),
        ({"agree_principles": "yes"}, "agree_principles", "Must be true or false."),
        ({"first_name": {"$ne": None}}, "first_name", "Must be a string."),
        ({"last_name": "Doe\nBcc: x@example.org"}, "last_name", "Remove line breaks"),
    ],
)
def test_bad_input_answers_400_with_messages_per_field(
    client, overrides, field, message
):
    response = post(client, payload(**overrides))

    assert response.status_code == 400
    assert any(message in text for text in response.json()[field])
    assert MembershipRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_answers_400(client, body):
    response = post(client, body)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Send a JSON object."]}


def test_an_oversized_body_answers_413(client):
    response = post(client, payload(district="x" * 100_000))

    assert response.status_code == 413
    assert MembershipRequest.objects.count() == 0


def test_nothing_in_the_json_can_set_status_staff_or_groups(client):
    response = post(
        client,
        payload(
            status="approved",
            is_staff=True,
            members_group=1,
            email_confirmed_at="2020-01-01",
            group=1,
        ),
    )

    assert response.status_code == 201
    assert set(MembershipRequest.objects.values_list("status", flat=True)) == {
        "pending"
    }
    assert not MembershipRequest.objects.filter(
        email_confirmed_at__isnull=False
    ).exists()


def test_it_does_not_act_on_a_logged_in_session(client, user_factory):
    user = user_factory("logged.in@example.org")
    client.force_login(user)
    client.handler.enforce_csrf_checks = True

    response = post(client, payload())

    assert response.status_code == 201
    assert set(MembershipRequest.objects.values_list("email", flat=True)) == {
        "jane.doe@example.org"
    }


@override_settings(JOIN_RATE_LIMIT="1/h")
def test_rate_limited_answers_429(client):
    assert post(client, payload(email="one@example.org")).status_code == 201

    response = post(client, payload(email="two@example.org"))

    assert response.status_code == 429
    assert not MembershipRequest.objects.filter(email="two@example.org").exists()


def test_only_get_and_post(client):
    assert client.put("/api/v2/join/").status_code == 405
    assert client.delete("/api/v2/join/").status_code == 405
