"""Membership is private: a sign-up in anyone's name learns nothing about the
address and changes nothing that exists; only its owner, by the e-mailed
link, brings a request to staff."""

import base64
import json
import zlib
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.utils import timezone

from groups import lifecycle
from groups.models import Membership, MembershipRequest
from tests.helpers import confirmation_path, sign_up

pytestmark = pytest.mark.usefixtures("join_groups")
VICTIM = "jane.doe@example.org"
INTRUDER = {"first_name": "Mallory", "district": "999", "phone": "555 0100"}


def a_pending_unconfirmed_applicant(factory, tax):
    factory(tax, confirmed=False)


def a_pending_confirmed_applicant(factory, tax):
    factory(tax)


def a_declined_applicant(factory, tax):
    factory(tax).decline(message="Not a legislator.")


def a_member(factory, tax):
    factory(tax).approve()


def a_former_member(factory, tax):
    factory(tax).approve()
    lifecycle.leave(Membership.objects.get())


HISTORIES = [
    a_pending_unconfirmed_applicant,
    a_pending_confirmed_applicant,
    a_declined_applicant,
    a_member,
    a_former_member,
]


def request_rows():
    """Everything stored about requests, as a coordinator would compare it."""
    return list(
        MembershipRequest.objects.order_by("pk").values(
            "pk",
            "email",
            "first_name",
            "district",
            "phone",
            "status",
            "email_confirmed_at",
            "decided_by",
            "decided_at",
            "decline_message",
            "agreed_at",
        )
    )


def api_answer(client, **overrides):
    response = client.post(
        "/api/v2/join/",
        json.dumps(
            sign_up(groups=["tax-fairness"], agree_principles=True, **overrides)
        ),
        content_type="application/json",
    )
    return response.status_code, response.json()


def page_answer(client, **overrides):
    response = client.post("/join/", sign_up(groups=["tax-fairness"], **overrides))
    thank_you = client.get(response["Location"])
    return response.status_code, response["Location"], thank_you.content


@pytest.fixture
def stranger_answers(client, join_groups):
    """What the join API and page answer for an address with no history."""
    answers = (api_answer(client, email="nobody@example.org"),)
    answers += (page_answer(client, email="nobody@example.org"),)
    MembershipRequest.objects.all().delete()
    mail.outbox.clear()
    return answers


@pytest.mark.parametrize("history", HISTORIES)
def test_the_answer_is_the_same_whatever_the_address_has_done(
    client, join_groups, membership_request_factory, stranger_answers, history
):
    history(membership_request_factory, join_groups[0])

    api = api_answer(client, email=VICTIM)
    page = page_answer(client, email=VICTIM)

    stranger_api, stranger_page = stranger_answers
    assert api[0] == stranger_api[0] == 201
    assert {**api[1], "email": None} == {**stranger_api[1], "email": None}
    assert page[:2] == stranger_page[:2]
    assert page[2].replace(b"nobody", b"") == stranger_page[2].replace(b"nobody", b"")


@pytest.mark.parametrize("history", HISTORIES)
def test_a_sign_up_in_someones_name_changes_nothing_they_have(
    client, join_groups, membership_request_factory, history
):
    history(membership_request_factory, join_groups[0])
    before = request_rows()

    client.post("/join/", sign_up(groups=["tax-fairness"], **INTRUDER))

    after = request_rows()
    assert after[: len(before)] == before
    assert Membership.objects.count() == (1 if history is a_member else 0)


def test_what_is_true_for_the_address_is_said_only_in_its_mail(
    client, join_groups, membership_request_factory
):
    tax = join_groups[0]
    membership_request_factory(tax).approve()
    mail.outbox.clear()

    client.post("/join/", sign_up())

    (message,) = mail.outbox
    assert message.to == [VICTIM]
    body = message.body
    assert "You are already a member of:\n- Tax Fairness Working Group" in body
    assert "http://127.0.0.1:8000/accounts/login/" in body
    assert "To ask to join:\n- Health Reform Working Group" in body
    assert not MembershipRequest.objects.filter(group=tax, status="pending").exists()


def test_a_member_asking_again_is_told_so_without_a_link(
    client, join_groups, membership_request_factory
):
    membership_request_factory(join_groups[0]).approve()
    mail.outbox.clear()

    client.post("/join/", sign_up(groups=["tax-fairness"]))

    (message,) = mail.outbox
    assert "already a member" in message.body
    assert "/join/confirm/" not in message.body


def test_the_owners_earlier_link_confirms_their_own_details_not_an_intruders(
    client, join_groups, settings
):
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    owners_link = confirmation_path(mail.outbox[0])

    client.post("/join/", sign_up(groups=["tax-fairness"], **INTRUDER))
    page = client.get(owners_link).content.decode()
    client.post(owners_link)

    assert "Jane Doe" in page and "Mallory" not in page
    (with_staff,) = MembershipRequest.objects.exclude(email_confirmed_at=None)
    assert (with_staff.first_name, with_staff.district) == ("Jane", "42B")
    # The intruder's request, never confirmed, is withdrawn.
    assert MembershipRequest.objects.count() == 1


def test_a_renewed_application_after_a_decline_is_a_new_request(
    client, join_groups, membership_request_factory, coordinator
):
    declined = membership_request_factory(join_groups[0])
    declined.decline(by=coordinator, message="Not a legislator.")
    mail.outbox.clear()

    client.post("/join/", sign_up(groups=["tax-fairness"], district="7"))
    client.post(confirmation_path(mail.outbox[0]))

    declined.refresh_from_db()
    assert (declined.status, declined.decided_by, declined.decline_message) == (
        "declined",
        coordinator,
        "Not a legislator.",
    )
    renewed = MembershipRequest.objects.exclude(pk=declined.pk).get()
    assert (renewed.status, renewed.district, renewed.is_confirmed) == (
        "pending",
        "7",
        True,
    )


def test_the_owner_confirming_new_details_updates_their_request_with_staff(
    client, join_groups, membership_request_factory
):
    with_staff = membership_request_factory(join_groups[0])

    client.post("/join/", sign_up(groups=["tax-fairness"], district="7"))
    (message,) = mail.outbox
    assert "is already with staff" in message.body
    client.post(confirmation_path(message))

    (request,) = MembershipRequest.objects.all()
    assert (request.pk, request.district, request.created_at) == (
        with_staff.pk,
        "7",
        with_staff.created_at,
    )


@override_settings(JOIN_EMAIL_RATE_LIMIT="3/h")
def test_sign_ups_in_someones_name_cannot_stop_them_asking(client, join_groups):
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    owners_link = confirmation_path(mail.outbox[0])
    for number in range(5):
        response = client.post(
            "/join/", sign_up(groups=["health-reform"], district=str(number))
        )
        assert response.status_code == 302

    response = client.post("/join/", sign_up(groups=["health-reform"]))

    assert response.status_code == 302
    assert len(mail.outbox) == 3  # the address is not flooded
    assert MembershipRequest.objects.filter(
        group__slug="health-reform", district="42B"
    ).exists()  # what the owner asked is stored
    client.post(owners_link)
    assert MembershipRequest.objects.get(group__slug="tax-fairness").is_confirmed


def test_the_confirmation_link_does_not_carry_the_address(client, join_groups):
    client.post("/join/", sign_up(email="jane.doe@example.org"))

    token = confirmation_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    # The link is a signed value in base64: its payload is readable by anyone.
    signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    payload = signing.b64_decode(signed.split(b":")[0].lstrip(b"."))
    if signed.startswith(b"."):
        payload = zlib.decompress(payload)
    assert b"requests" in payload and b"jane" not in payload.lower()


def test_login_by_code_says_the_same_for_known_and_unknown_addresses(
    client, member_factory, join_groups
):
    member_factory(VICTIM, join_groups[0])

    def ask(email):
        response = client.post("/accounts/login/code/", {"email": email})
        client.logout()
        return response.status_code, response.get("Location")

    assert ask(VICTIM) == ask("nobody@example.org")


def test_what_nobody_confirmed_is_not_kept_past_the_links_life(
    client, join_groups, membership_request_factory
):
    typed = membership_request_factory(join_groups[0], confirmed=False)
    confirmed = membership_request_factory(join_groups[1], email="someone@example.org")
    MembershipRequest.objects.filter(pk__in=[typed.pk, confirmed.pk]).update(
        created_at=timezone.now() - timedelta(days=8)
    )

    client.post("/join/", sign_up(email="another@example.org"))

    assert not MembershipRequest.objects.filter(pk=typed.pk).exists()
    assert MembershipRequest.objects.filter(pk=confirmed.pk).exists()


def test_a_request_typed_in_a_members_name_does_not_stop_them_asking(
    client, join_groups, member_factory
):
    member = member_factory(VICTIM, join_groups[0])
    client.post("/join/", sign_up(groups=["health-reform"], **INTRUDER))
    client.force_login(member)

    home = client.get("/members/").content.decode()
    join = client.get("/join/").content.decode()

    assert "Ask to join another group" in home and "health-reform" in home
    assert "Mallory" not in join and 'value="999"' not in join
    assert 'value="health-reform" id="group-health-reform" disabled' not in join
