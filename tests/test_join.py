"""Journey 2: the join page, its rules, and what a sign-up stores and sends."""

import re

import pytest
from django.core import mail

from cms.models import EmailDomainPolicy
from groups.models import MembershipRequest
from tests.helpers import confirmation_path, sign_up


def test_the_form_shows_every_live_group_with_its_principles(client, join_groups):
    html = client.get("/join/").content.decode()

    assert (
        "Check all that apply if you are interested in joining and agree with the principles listed"
        in html
    )
    assert 'name="groups" value="tax-fairness"' in html
    assert 'name="groups" value="health-reform"' in html
    assert "What the Tax Fairness Working Group does." in html
    assert "<details>" in html and "Revenue funds schools." in html
    assert "public-records requests" in html


def test_groups_can_be_preticked_from_the_address(client, join_groups):
    html = client.get("/join/?groups=health-reform").content.decode()

    assert re.search(r'value="health-reform"[^>]*checked', html)
    assert not re.search(r'value="tax-fairness"[^>]*checked', html)


def test_a_group_page_calls_to_join_with_itself_preticked(client, join_groups):
    html = client.get("/working-groups/tax-fairness/").content.decode()

    assert 'href="/join/?groups=tax-fairness"' in html


def test_a_sign_up_stores_one_pending_request_per_group(client, join_groups):
    response = client.post(
        "/join/", sign_up(email="  Jane.Doe@EXAMPLE.org  ", phone="+1 (612) 555-0100")
    )

    assert response.status_code == 302
    assert response["Location"] == "/join/thank-you/?groups=tax-fairness,health-reform"
    requests = MembershipRequest.objects.order_by("group__title")
    assert [r.group.slug for r in requests] == ["health-reform", "tax-fairness"]
    for request, group in zip(requests, reversed(join_groups), strict=True):
        assert request.email == "Jane.Doe@example.org"
        assert request.status == "pending"
        assert request.email_confirmed_at is None
        assert (
            request.first_name,
            request.state,
            request.chamber,
            request.district,
            request.role,
        ) == (
            "Jane",
            "MN",
            "house",
            "42B",
            "legislator",
        )
        assert request.phone == "+1 (612) 555-0100"
        assert request.agreed_revision_id == group.live_revision_id
        assert request.agreed_at is not None


def test_the_thank_you_page_names_the_groups_and_what_happens_next(client, join_groups):
    response = client.post("/join/", sign_up(), follow=True)

    html = response.content.decode()
    assert (
        "Tax Fairness Working Group" in html and "Health Reform Working Group" in html
    )
    assert "What happens next" in html
    assert "Confirm your e-mail address" in html
    assert "within 7 days" in html
    # Reloading the thank-you page sends nothing again.
    client.get(response.redirect_chain[-1][0])
    assert MembershipRequest.objects.count() == 2
    assert len(mail.outbox) == 1


def test_a_confirmation_link_is_mailed_to_the_applicant(client, join_groups):
    client.post("/join/", sign_up())

    (message,) = mail.outbox
    assert message.to == ["jane.doe@example.org"]
    assert "Confirm" in message.subject
    assert re.search(r"http://127\.0\.0\.1:8000/join/confirm/[^/\s]+/", message.body)
    assert "Tax Fairness Working Group" in message.alternatives[0][0]


def test_signing_up_again_changes_nothing_until_the_new_link_is_confirmed(
    client, join_groups, group_page_factory
):
    group_page_factory("Election Reform Working Group", slug="election-reform")
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    client.post("/join/", sign_up(groups=["tax-fairness"]))  # the same again

    client.post(
        "/join/",
        sign_up(
            email="JANE.DOE@example.org",
            district="7",
            groups=["tax-fairness", "election-reform"],
        ),
    )
    first = MembershipRequest.objects.get(district="42B")
    client.post(confirmation_path(mail.outbox[-1]))

    assert not MembershipRequest.objects.filter(pk=first.pk).exists()
    assert set(
        MembershipRequest.objects.values_list("group__slug", "district", "status")
    ) == {("tax-fairness", "7", "pending"), ("election-reform", "7", "pending")}


def assert_refused(response, message):
    assert response.status_code == 400
    assert message in response.content.decode()
    assert MembershipRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"groups": None}, "Choose at least one working group."),
        ({"agree_principles": None}, "Confirm that you agree with the principles"),
        ({"first_name": ""}, "Enter your first name."),
        ({"last_name": "  "}, "Enter your last name."),
        ({"email": ""}, "Enter your personal e-mail address."),
        ({"email": "not-an-address"}, "Enter an e-mail address like name@example.com."),
        ({"email": "j" * 310 + "@example.org"}, "at most 320 characters"),
        ({"state": "XX"}, "Choose your state or territory from the list."),
        ({"state": ""}, "Choose your state or territory."),
        ({"chamber": "congress"}, "Choose your chamber from the list."),
        ({"role": "lobbyist"}, "Choose your role from the list."),
        ({"district": ""}, "Enter your district."),
        ({"first_name": "Ja\x00ne"}, "Null characters are not allowed."),
        ({"last_name": "Doe\r\nBcc: victim@example.org"}, "Remove line breaks"),
        ({"district": "4\x07"}, "Remove line breaks"),
        ({"phone": "call me maybe"}, "Enter a phone number"),
        ({"groups": ["no-such-group"]}, "is not a working group you can join"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    client, join_groups, overrides, message
):
    response = client.post("/join/", sign_up(**overrides))

    assert_refused(response, message)
    assert "There is a problem" in response.content.decode()


def test_bad_input_keeps_what_was_entered(client, join_groups):
    response = client.post("/join/", sign_up(email="jane@house.gov", district="42B"))

    html = response.content.decode()
    assert 'value="42B"' in html
    assert re.search(r'value="tax-fairness"[^>]*checked', html)


def test_a_draft_group_cannot_be_joined(client, join_groups):
    draft = join_groups[1]
    draft.unpublish()

    assert_refused(
        client.post("/join/", sign_up()), "is not a working group you can join"
    )


def test_a_filled_honeypot_saves_nothing_and_says_nothing(client, join_groups):
    response = client.post("/join/", sign_up(website="http://spam.example"))

    assert response.status_code == 302
    assert MembershipRequest.objects.count() == 0
    assert mail.outbox == []


OFFICIAL = [
    "jane@senate.state.ny.us",
    "JANE@LEG.STATE.MN.US",
    "jane@leg.state.mn.us.",
    "jane@oregonlegislature.gov",
    "jane@capitol.texas.gov",
    "jane@house.gov",
    "jane@Mail.Senate.CA.GOV",
    "jane@a.b.c.state.tx.us",
    "jane@state.tx.us",
    "jane@army.mil",
    "jane@legis.wisconsin.gov",
    "jane@leg.wa.gov",
    "jane@legis.example.com",
    "jane@mail.legislature.example.org",
    "jane@pahouse.net",
    "jane@staff.kslegislature.org",
    "jane@ѕtate.ny.us",  # Cyrillic "ѕ"
    "jane@xn--tate-f9d.ny.us",  # the same, in punycode
    "jane@ｓｅｎａｔｅ．ｇｏｖ",  # full-width letters and dot
    "jane@sénate.gov",
    "jane@example.gоv",  # Cyrillic "о" in the top-level domain
]
PERSONAL = [
    "jane@gmail.com",
    "Jane.Doe@Yahoo.COM",
    "jane@protonmail.ch",
    "jane@statefarm.com",
    "jane@legacy.net",
    "jane@collegiate.org",
    "jane@governor-fan.com",
    "jane@bücher.de",
    "jane@state.com",
]


@pytest.mark.parametrize("email", OFFICIAL)
def test_official_addresses_are_refused_with_the_reason(client, join_groups, email):
    response = client.post("/join/", sign_up(email=email))

    assert_refused(
        response, "is an official address. Please use a personal e-mail address"
    )
    assert "public-records requests" in response.content.decode()


@pytest.mark.parametrize("email", PERSONAL)
def test_personal_addresses_are_accepted(client, join_groups, email):
    response = client.post("/join/", sign_up(email=email))

    assert response.status_code == 302
    assert MembershipRequest.objects.count() == 2


def test_staff_extend_the_blocked_domains_and_allow_exceptions(
    client, join_groups, home_page
):
    policy = EmailDomainPolicy.for_site(home_page.get_site())
    policy.blocked_domains = "examplecounty.org\n*.city.example\n"
    policy.allowed_domains = "friendly.legis.example.com"
    policy.save()

    assert_refused(
        client.post("/join/", sign_up(email="a@examplecounty.org")),
        "is an official address",
    )
    assert_refused(
        client.post("/join/", sign_up(email="a@hall.city.example")),
        "is an official address",
    )
    response = client.post("/join/", sign_up(email="a@friendly.legis.example.com"))
    assert response.status_code == 302


def test_an_oversized_body_is_refused(client, join_groups):
    response = client.post("/join/", sign_up(district="x" * 100_000))

    assert response.status_code == 413
    assert MembershipRequest.objects.count() == 0
