"""The "Membership" menu in the admin: requests, decisions, export, members."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from groups.models import Membership, MembershipRequest

INDEX = "/admin/groups/membershiprequest/"
MEMBERS = "/admin/groups/membership/"


@pytest.fixture
def requests(join_groups, membership_request_factory):
    tax, health = join_groups

    def make(first_name, email, group, **fields):
        return membership_request_factory(
            group, email, first_name=first_name, district="1", **fields
        )

    return {
        "ann": make("Ann", "ann@example.org", tax),
        "bob": make("Bob", "bob@example.org", health, state="TX"),
        "cy": make("Cy", "cy@example.org", tax, confirmed=False),
        "dee": make("Dee", "dee@example.org", tax, status="declined"),
    }


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def names(response):
    html = response.content.decode()
    return [
        name for name in ("Ann", "Bob", "Cy", "Dee") if f">{name} Doe</label>" in html
    ]


def test_the_default_view_is_pending_and_confirmed_oldest_first(
    as_coordinator, requests
):
    response = as_coordinator.get(INDEX)

    assert response.status_code == 200
    assert names(response) == ["Ann", "Bob"]
    html = response.content.decode()
    assert html.index("Ann Doe") < html.index("Bob Doe")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "all", "confirmed": "all"}, ["Ann", "Bob", "Cy", "Dee"]),
        ({"confirmed": "no"}, ["Cy"]),
        ({"status": "declined", "confirmed": "all"}, ["Dee"]),
        ({"state__exact": "TX"}, ["Bob"]),
        ({"q": "bob@example"}, ["Bob"]),
        ({"q": "Ann", "status": "all"}, ["Ann"]),
    ],
)
def test_filters_and_search(as_coordinator, requests, query, expected):
    assert names(as_coordinator.get(INDEX, query)) == expected


def test_filter_by_group(as_coordinator, requests, join_groups):
    tax = join_groups[0]
    response = as_coordinator.get(
        INDEX, {"group": tax.pk, "status": "all", "confirmed": "all"}
    )

    assert names(response) == ["Ann", "Cy", "Dee"]


def test_csv_export_of_the_filtered_listing_neutralises_formulas(
    as_coordinator, requests
):
    requests["ann"].first_name = '=HYPERLINK("http://evil.example","click")'
    requests["ann"].save()
    requests["bob"].last_name = "+1+1"
    requests["bob"].save()

    response = as_coordinator.get(INDEX, {"export": "csv"})

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["E-Mail Address"] for row in rows] == [
        "ann@example.org",
        "bob@example.org",
    ]
    assert rows[1]["State"] == "Texas"
    assert rows[1]["Chamber"] == "State House / Assembly / House of Delegates"
    assert rows[0]["First Name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1]["Last Name"] == "'+1+1"


@pytest.mark.parametrize(
    "listing, query",
    [(INDEX, {"status": "all", "confirmed": "all"}), (MEMBERS, {})],
)
def test_csv_export_opens_in_excel_with_non_ascii_names(
    as_coordinator, requests, listing, query
):
    requests["ann"].first_name = "Zoë Ñúñez-Łukasz"
    requests["ann"].save()
    requests["ann"].approve()  # her account takes the name

    response = as_coordinator.get(listing, {"export": "csv", **query})

    content = b"".join(response.streaming_content)
    # Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
    assert content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Zoë Ñúñez-Łukasz" in content.decode("utf-8-sig")


def test_xlsx_export(as_coordinator, requests):
    requests["ann"].first_name = "@SUM(A1:A2)"
    requests["ann"].save()

    response = as_coordinator.get(
        INDEX, {"export": "xlsx", "status": "all", "confirmed": "all"}
    )

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 5
    assert values[1][0] == "'@SUM(A1:A2)"


def test_names_with_markup_are_escaped(as_coordinator, requests):
    requests["ann"].first_name = "<script>alert(1)</script>"
    requests["ann"].save()

    for url in (INDEX, f"{INDEX}inspect/{requests['ann'].pk}/"):
        html = as_coordinator.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_inspect_shows_the_principles_agreed_to(as_coordinator, requests):
    html = as_coordinator.get(f"{INDEX}inspect/{requests['ann'].pk}/").content.decode()

    assert "Principles agreed to" in html
    assert "Taxes should be fair." in html
    assert "ann@example.org" in html


def test_approving_a_selection_of_confirmed_requests_takes_one_post(
    as_coordinator, requests, coordinator
):
    response = as_coordinator.post(
        f"{INDEX}approve/",
        {"selected": [requests["ann"].pk, requests["bob"].pk], "next": INDEX},
    )

    assert response.status_code == 302
    assert set(
        MembershipRequest.objects.filter(status="approved").values_list(
            "first_name", flat=True
        )
    ) == {"Ann", "Bob"}
    assert Membership.objects.count() == 2
    assert (
        ModelLogEntry.objects.filter(
            action="groups.request.approve", user_id=coordinator.pk
        ).count()
        == 2
    )


def test_approving_an_unconfirmed_request_asks_again(as_coordinator, requests):
    response = as_coordinator.post(
        f"{INDEX}approve/", {"selected": [requests["ann"].pk, requests["cy"].pk]}
    )

    assert response.status_code == 200
    assert "not confirmed their e-mail address" in response.content.decode()
    assert not MembershipRequest.objects.filter(status="approved").exists()

    as_coordinator.post(
        f"{INDEX}approve/",
        {"selected": [requests["ann"].pk, requests["cy"].pk], "confirm": "yes"},
    )

    assert set(
        MembershipRequest.objects.filter(status="approved").values_list(
            "first_name", flat=True
        )
    ) == {"Ann", "Cy"}


def test_declining_with_a_message(as_coordinator, requests):
    page = as_coordinator.get(f"{INDEX}decline/", {"ids": requests["bob"].pk})
    assert "Message to the applicant" in page.content.decode()

    as_coordinator.post(
        f"{INDEX}decline/",
        {
            "selected": [requests["bob"].pk],
            "confirm": "yes",
            "message": "Try the caucus list.",
        },
    )

    requests["bob"].refresh_from_db()
    assert requests["bob"].status == "declined"
    assert "Try the caucus list." in mail.outbox[-1].body


def test_removing_a_member_from_the_members_listing(
    as_coordinator, requests, coordinator
):
    requests["ann"].approve()
    membership = Membership.objects.get()
    user = membership.user

    listing = as_coordinator.get(MEMBERS)
    assert "ann@example.org" in listing.content.decode()
    response = as_coordinator.post(f"{MEMBERS}delete/{membership.pk}/")

    assert response.status_code == 302
    assert not Membership.objects.exists()
    assert not user.groups.filter(pk=membership.group.members_group_id).exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", user_id=coordinator.pk
    ).exists()


def test_editors_cannot_see_membership_data(client, editor, requests):
    requests["ann"].approve()
    membership = Membership.objects.get()
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200
    assert "Membership" not in client.get("/admin/").content.decode()
    for url in (
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}inspect/{requests['bob'].pk}/",
        f"{INDEX}approve/?ids={requests['bob'].pk}",
        f"{INDEX}decline/?ids={requests['bob'].pk}",
        MEMBERS,
        f"{MEMBERS}delete/{membership.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"{INDEX}approve/", {"selected": [requests["bob"].pk]}).status_code
        == 403
    )
    assert MembershipRequest.objects.get(pk=requests["bob"].pk).status == "pending"


def test_a_filter_that_does_not_exist_shows_the_whole_list(as_coordinator, requests):
    response = as_coordinator.get(INDEX, {"no_such_field": "1"}, follow=True)

    assert response.status_code == 200
    assert "That filter isn&#x27;t available" in response.content.decode()


def test_the_listing_builds_and_counts_its_rows_once(
    as_coordinator, requests, join_groups, membership_request_factory
):
    """modeladmin built the listing twice and counted it three times."""

    def sql_of_a_page(filters="status=all&confirmed=all"):
        with CaptureQueriesContext(connection) as captured:
            response = as_coordinator.get(f"{INDEX}?{filters}")
        assert response.status_code == 200
        return [query["sql"] for query in captured]

    sql_of_a_page()  # warm: the site and the admin's permissions
    few = sql_of_a_page()
    for number in range(30):
        membership_request_factory(join_groups[0], f"more{number}@example.org")
    many = sql_of_a_page()

    assert len(many) == len(few)
    group_choices = [sql for sql in many if 'FROM "groups_workinggrouppage"' in sql]
    assert len(group_choices) == 1
    # All the requests: one count; filtered: all of them, and those kept.
    assert sum("COUNT(" in sql for sql in many) == 1
    assert sum("COUNT(" in sql for sql in sql_of_a_page("status=all")) == 2
    # and the counts shown are still each their own
    for filters, shown in (
        ("status=all&confirmed=all", "34 out of 34"),
        ("status=all&confirmed=all&state__exact=TX", "1 out of 34"),
    ):
        html = as_coordinator.get(f"{INDEX}?{filters}").content.decode()
        assert shown in " ".join(html.split())
    # The rest is the session, the person and their permissions, the
    # two-step check, and Wagtail admin's own (profile, locales, the menu's
    # page, collection and site permissions), then the roster's checks.
    assert len(many) <= 14
