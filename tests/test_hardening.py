"""Problems found in review, each reproduced and now refused."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form

from groups import lifecycle
from groups.access import private_collections_parent
from groups.models import Membership, MembershipRequest
from tests.helpers import confirmation_path, production_environment, sign_up

ROOT = Path(__file__).resolve().parent.parent


# A document put into the folder that holds the groups' collections


def test_the_document_form_refuses_the_folder_of_the_groups_collections(
    join_groups, superuser
):
    Form = get_document_form(get_document_model())
    form = Form(
        data={"title": "Stray", "collection": private_collections_parent().pk},
        files={"file": ContentFile(b"%PDF", name="stray.pdf")},
        user=superuser,
    )

    assert not form.is_valid()
    assert "working group's collection" in form.errors["collection"][0]


def test_a_document_there_all_the_same_is_not_public(client, join_groups):
    stray = get_document_model().objects.create(
        title="Stray",
        collection=private_collections_parent(),
        file=ContentFile(b"%PDF", name="stray.pdf"),
    )

    assert client.get(stray.url).status_code == 302
    assert stray.pk not in [
        item["id"] for item in client.get("/api/v2/documents/").json()["items"]
    ]


# Staff without two-factor reach no private document by any path


@pytest.mark.parametrize(
    "path",
    [
        "/members/documents/",
        "/api/v2/documents/",
        "DOCUMENT",
        "/working-groups/tax-fairness/",
    ],
)
def test_staff_without_two_factor_are_sent_to_set_it_up_everywhere(
    client, join_groups, user_factory, document_factory, path
):
    from django.contrib.auth.models import Group

    document = document_factory("Secret plan", join_groups[0].collection)
    staff = user_factory("new.coordinator@example.org")
    staff.groups.add(Group.objects.get(name="Membership coordinators"))
    client.force_login(staff)

    response = client.get(document.url if path == "DOCUMENT" else path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


# Leaving, removal or refusal does not bar asking again


def test_someone_who_left_can_ask_to_join_again(client, join_groups):
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    request = MembershipRequest.objects.get()
    request.approve()
    lifecycle.leave(Membership.objects.get())
    mail.outbox.clear()

    client.post("/join/", sign_up(groups=["tax-fairness"], district="7"))

    request.refresh_from_db()
    assert request.status == "approved"  # the history stays
    renewed = MembershipRequest.objects.exclude(pk=request.pk).get()
    assert (renewed.status, renewed.email_confirmed_at, renewed.district) == (
        "pending",
        None,
        "7",
    )
    assert len(mail.outbox) == 1  # a new confirmation link
    assert renewed.approve() is True
    assert Membership.objects.count() == 1


def test_a_declined_request_asked_again_is_a_new_pending_one(client, join_groups):
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    MembershipRequest.objects.get().decline()

    client.post("/join/", sign_up(groups=["tax-fairness"]))

    assert sorted(MembershipRequest.objects.values_list("status", flat=True)) == [
        "declined",
        "pending",
    ]


def test_a_current_member_asking_again_stays_approved(client, join_groups):
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    MembershipRequest.objects.get().approve()

    client.post("/join/", sign_up(groups=["tax-fairness"]))

    assert MembershipRequest.objects.get().status == "approved"


# A confirmation link confirms what it was sent for, and shows it


def test_an_old_link_does_not_confirm_a_request_made_later_in_the_same_name(
    client, join_groups, settings
):
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    victims_link = confirmation_path(mail.outbox[0])
    client.post(
        "/join/",
        sign_up(groups=["health-reform"], first_name="Mallory", district="999"),
    )

    page = client.get(victims_link).content.decode()
    client.post(victims_link)

    assert "Tax Fairness Working Group" in page and "Health Reform" not in page
    assert "Jane Doe" in page and "district 42B" in page
    confirmed = MembershipRequest.objects.filter(email_confirmed_at__isnull=False)
    assert list(confirmed.values_list("group__slug", flat=True)) == ["tax-fairness"]


# Junk in someone's name does not lock them out


def test_invalid_attempts_do_not_count_against_an_address(client, join_groups):
    for _ in range(6):
        client.post(
            "/join/", sign_up(email="victim@example.org", agree_principles=None)
        )

    assert client.post("/join/", sign_up(email="victim@example.org")).status_code == 302


# E-mail subjects are plain text


def test_subjects_are_not_html_escaped(client, join_groups, settings):
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    tax = join_groups[0]
    tax.title = "Women's Health & Families Working Group"
    tax.save_revision().publish()
    client.post("/join/", sign_up(groups=["tax-fairness"]))
    link = confirmation_path(mail.outbox[0])

    client.post(link)

    assert (
        mail.outbox[-1].subject
        == "New request to join the Women's Health & Families Working Group"
    )


# Bad input answers 4xx, never 500


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/join/thank-you/?groups=%00",
        "/api/v2/pages/?search=%00",
        "/api/v2/documents/?search=%00",
        "/api/v2/pages/find/?html_path=%00",
        "/members/documents/?q=%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(client, join_groups, url):
    response = client.get(url)

    assert response.status_code == 400
    assert b"A NUL character is not allowed in the address." in response.content


def test_a_nul_character_in_a_group_is_a_form_error(client, join_groups):
    response = client.post("/join/", sign_up(groups=["tax\x00fairness"]))

    assert response.status_code == 400
    assert "is not a working group you can join" in response.content.decode()
    assert 'value="42B"' in response.content.decode()  # nothing entered is lost
    assert not MembershipRequest.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ('{"a":' * 10000, "non_field_errors"),
        (json.dumps({**sign_up(), "groups": ["tax\x00fairness"]}), "groups"),
        (
            '{"email": "\\ud800@example.org", "groups": ["tax-fairness"]}',
            "email",
        ),
    ],
)
def test_hostile_json_is_refused_with_400(client, join_groups, body, field):
    response = client.post("/api/v2/join/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()[field]  # the error says which field
    assert not MembershipRequest.objects.exists()


def test_the_api_takes_the_forms_values_too(client, join_groups):
    body = {**sign_up(), "groups": "tax-fairness", "agree_principles": "on"}

    response = client.post(
        "/api/v2/join/", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201
    assert MembershipRequest.objects.get().group.slug == "tax-fairness"


def test_odd_digits_in_admin_addresses_are_not_errors(client, coordinator, join_groups):
    client.force_login(coordinator)

    assert (
        client.get("/admin/groups/membershiprequest/approve/?ids=%C2%B2").status_code
        == 302
    )
    assert (
        client.get("/admin/groups/membershiprequest/inspect/%C2%B2/").status_code == 404
    )
    assert (
        client.get("/admin/groups/membershiprequest/?group=%C2%B2").status_code == 200
    )


def test_a_mistyped_rate_stops_the_start():
    env = production_environment()
    env.update(
        DEBUG="true", JOIN_RATE_LIMIT="200/hour", DJANGO_SETTINGS_MODULE="cms.settings"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "JOIN_RATE_LIMIT" in result.stderr
