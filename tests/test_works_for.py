"""Legislative staff say which legislator they work for (optional), on the
join page and through the API; staff requests show it in the admin."""

import json

import pytest

from groups import lifecycle
from groups.models import MembershipRequest
from groups.roster import import_roster
from tests.helpers import confirmation_path, sign_up
from tests.test_roster import WI, csv_file

pytestmark = pytest.mark.usefixtures("join_groups")

INDEX = "/admin/groups/membershiprequest/"


def test_the_join_page_asks_staff_whom_they_work_for(client):
    page = client.get("/join/").content.decode()

    assert 'name="works_for"' in page
    assert "Legislator you work for (staff only)" in page
    assert "js/works-for" in page  # shows it only for staff, where scripts run


def test_staff_say_whom_they_work_for_and_it_follows_the_confirmation(
    client, mailoutbox, settings
):
    settings.STAFF_NOTIFY_EMAIL = ["staff@example.org"]
    client.post(
        "/join/",
        sign_up(role="staff", works_for="  Sen. Jane Doe ", groups=["tax-fairness"]),
    )
    (request,) = MembershipRequest.objects.all()
    assert request.works_for == "Sen. Jane Doe"

    client.post(confirmation_path(mailoutbox[0]))

    request.refresh_from_db()
    assert request.is_confirmed and request.works_for == "Sen. Jane Doe"
    (staff_notice,) = [m for m in mailoutbox if m.to == ["staff@example.org"]]
    assert "Works for: Sen. Jane Doe" in staff_notice.body


def test_it_is_optional_and_never_kept_for_legislators(client):
    client.post("/join/", sign_up(role="staff", groups=["tax-fairness"]))
    client.post(
        "/join/",
        sign_up(email="leg@example.org", works_for="Someone", groups=["tax-fairness"]),
    )

    assert dict(MembershipRequest.objects.values_list("email", "works_for")) == {
        "jane.doe@example.org": "",
        "leg@example.org": "",
    }


def test_a_new_employer_is_a_new_sign_up_not_a_duplicate(client):
    """The same form sent twice is stored once; a different answer is not
    the same form."""
    for works_for in ("Sen. Jane Doe", "Sen. Jane Doe", "Rep. Bo Lee"):
        client.post(
            "/join/",
            sign_up(role="staff", works_for=works_for, groups=["tax-fairness"]),
        )

    assert sorted(MembershipRequest.objects.values_list("works_for", flat=True)) == [
        "Rep. Bo Lee",
        "Sen. Jane Doe",
    ]


def test_the_join_api_takes_it(client):
    payload = {
        **sign_up(phone=None, agree_principles=True, role="staff"),
        "works_for": "Sen. Jane Doe",
    }
    response = client.post(
        "/api/v2/join/", json.dumps(payload), content_type="application/json"
    )

    assert response.status_code == 201
    assert set(MembershipRequest.objects.values_list("works_for", flat=True)) == {
        "Sen. Jane Doe"
    }


def test_the_join_api_refuses_a_works_for_that_is_not_text(client):
    payload = {**sign_up(agree_principles=True, role="staff"), "works_for": ["x"]}
    response = client.post(
        "/api/v2/join/", json.dumps(payload), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["works_for"] == ["Must be a string."]
    assert not MembershipRequest.objects.exists()


def test_too_long_an_answer_is_refused_beside_the_field(client):
    response = client.post(
        "/join/", sign_up(role="staff", works_for="x" * 201, groups=["tax-fairness"])
    )

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not MembershipRequest.objects.exists()


def test_the_admin_shows_whom_staff_work_for(
    client, coordinator, join_groups, membership_request_factory
):
    tax = join_groups[0]
    staff = membership_request_factory(
        tax, "aide@example.org", role="staff", works_for="Sen. <b>Jane</b> Doe"
    )
    legislator = membership_request_factory(tax, "leg@example.org")
    client.force_login(coordinator)

    listing = client.get(INDEX).content.decode()
    assert "works for Sen. &lt;b&gt;Jane&lt;/b&gt; Doe" in listing
    assert listing.count("works for") == 1

    inspect = client.get(f"{INDEX}inspect/{staff.pk}/").content.decode()
    assert "Works for" in inspect and "Sen. &lt;b&gt;Jane&lt;/b&gt; Doe" in inspect
    assert (
        "Works for"
        not in client.get(f"{INDEX}inspect/{legislator.pk}/").content.decode()
    )

    export = client.get(INDEX, {"export": "csv"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Works For" in content.splitlines()[0]
    assert "Sen. <b>Jane</b> Doe" in content


def test_the_roster_check_finds_the_legislator_staff_work_for(
    client, coordinator, join_groups, membership_request_factory
):
    import_roster(csv_file(WI), "wi.csv")
    tax = join_groups[0]
    for email, works_for in [
        ("sam@example.org", "Sen. Jane Doe"),
        ("kim@example.org", "Senator Nobody Known"),
        ("lou@example.org", ""),
    ]:
        membership_request_factory(
            tax,
            email,
            role="staff",
            works_for=works_for,
            state="WI",
            chamber="senate",
            district="12",
        )
    client.force_login(coordinator)

    listing = client.get(INDEX).content.decode()
    assert "their legislator matches Sen. Jane Q. Doe, WI-12 (Democratic)" in listing
    assert listing.count("no legislator by that name in Wisconsin") == 1
    matched = client.get(INDEX, {"roster": "match"}).content.decode()
    assert "sam@example.org" in matched and "kim@example.org" not in matched
    unmatched = client.get(INDEX, {"roster": "no-match"}).content.decode()
    assert "kim@example.org" in unmatched and "lou@example.org" not in unmatched


def test_a_person_forgotten_leaves_no_employer_behind(
    join_groups, membership_request_factory, user_factory
):
    user = user_factory("aide@example.org")
    membership_request_factory(
        join_groups[0], "aide@example.org", role="staff", works_for="Sen. Jane Doe"
    )

    lifecycle.forget(user)

    assert set(MembershipRequest.objects.values_list("works_for", flat=True)) == {""}
