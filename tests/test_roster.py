"""The roster check: coordinators import the state legislators' roster
(Open States' people CSV) and see what it says of each legislator's request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import RosterImport, RosterLegislator
from groups.roster import RosterError, import_roster

INDEX = "/admin/groups/membershiprequest/"
UPLOAD = "/admin/groups/rosterlegislator/import/"
HEADER = "id,name,current_party,current_district,current_chamber,given_name,family_name"
WI = f"""{HEADER}
ocd-person/1,Jane Q. Doe,Democratic,12,upper,Jane,Doe
ocd-person/2,Robert Lindqvist,Republican,3,upper,Robert,Lindqvist
ocd-person/3,José Núñez,Democratic,07,lower,José,Núñez
ocd-person/4,Katherine O'Brien,Democratic,45,lower,Katherine,O'Brien
"""


def csv_file(text):
    return io.BytesIO(text.encode())


@pytest.fixture
def wisconsin(db):
    return import_roster(csv_file(WI), "wi.csv")


@pytest.fixture
def request_in(join_groups, membership_request_factory):
    """A confirmed legislator's request, from Wisconsin's senate district 12
    unless told otherwise."""
    tax = join_groups[0]

    def make(first_name="Jane", last_name="Doe", email="jane@example.org", **fields):
        fields.setdefault("state", "WI")
        fields.setdefault("chamber", "senate")
        fields.setdefault("district", "12")
        return membership_request_factory(
            tax, email, first_name=first_name, last_name=last_name, **fields
        )

    return make


# Importing


def test_imports_a_state_named_by_the_file(wisconsin):
    assert [str(done) for done in wisconsin] == [
        "Imported 4 legislators for Wisconsin."
    ]
    jane = RosterLegislator.objects.get(name="Jane Q. Doe")
    assert (jane.state, jane.chamber, jane.district, jane.party) == (
        "WI",
        "upper",
        "12",
        "Democratic",
    )
    assert jane.open_states_id == "ocd-person/1"
    assert RosterImport.objects.get(state="WI").count == 4


def test_imports_several_states_from_a_state_column(db):
    text = f"""{HEADER},state
1,Jane Doe,Democratic,12,upper,Jane,Doe,wi
2,Ann Lee,Republican,4,legislature,Ann,Lee,NE
"""
    done = import_roster(csv_file(text), "people.csv")

    assert [d.state for d in done] == ["NE", "WI"]
    assert sorted(RosterLegislator.objects.values_list("state", flat=True)) == [
        "NE",
        "WI",
    ]


def test_reimporting_replaces_the_state_and_tells_the_earlier_import(wisconsin):
    first = RosterImport.objects.get(state="WI")
    text = f"{HEADER}\n9,Amara Okafor,Democratic,17,lower,Amara,Okafor\n"

    (done,) = import_roster(csv_file(text), "WI.csv")

    assert list(RosterLegislator.objects.values_list("name", flat=True)) == [
        "Amara Okafor"
    ]
    latest = RosterImport.objects.get(state="WI")
    assert latest.count == 1
    assert latest.imported_at > first.imported_at
    assert RosterLegislator.objects.get().imported_at == latest.imported_at
    assert str(done).startswith(
        "Imported 1 legislators for Wisconsin (replacing 4 imported on "
    )


@pytest.mark.parametrize(
    ("text", "filename", "message"),
    [
        ("id,full_name\n1,Jane\n", "wi.csv", "the columns name, current_chamber"),
        (f"{HEADER}\n1,Jane Doe,D,12,upper,Jane,Doe\n", "people.csv", "which state?"),
        (f"{HEADER}\n1,Jane Doe,D,12,middle,Jane,Doe\n", "wi.csv", "“middle” is not"),
        (f"{HEADER}\n", "wi.csv", "no legislators"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_changes_nothing(
    wisconsin, text, filename, message
):
    with pytest.raises(RosterError, match=message):
        import_roster(csv_file(text), filename)

    assert RosterLegislator.objects.count() == 4


def test_a_file_that_is_not_text_is_refused(db):
    with pytest.raises(RosterError, match="isn't UTF-8"):
        import_roster(io.BytesIO(b"\xff\xfe\x00PK\x03\x04"), "wi.csv")


def test_a_bad_line_anywhere_leaves_every_state_as_it_was(wisconsin):
    text = f"""{HEADER},state
1,Ann Lee,Republican,4,upper,Ann,Lee,MN
2,Bo Lee,Republican,5,upper,Bo,Lee,XX
"""
    with pytest.raises(RosterError, match="Line 3"):
        import_roster(csv_file(text), "people.csv")

    assert not RosterLegislator.objects.filter(state="MN").exists()
    assert RosterImport.objects.count() == 1


def test_the_management_command_imports_a_file(db, tmp_path):
    path = tmp_path / "wi.csv"
    path.write_text(WI)
    out = io.StringIO()

    call_command("import_roster", str(path), stdout=out)

    assert "Imported 4 legislators for Wisconsin." in out.getvalue()
    assert RosterLegislator.objects.count() == 4


def test_the_management_command_says_what_is_wrong(db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(f"{HEADER}\n1,Jane Doe,D,12,upper,Jane,Doe\n")

    with pytest.raises(CommandError, match=r"roster\.csv: Line 2: which state"):
        call_command("import_roster", str(path))


# Matching


@pytest.mark.parametrize(
    ("first_name", "last_name", "fields", "legislator"),
    [
        ("Jane", "Doe", {}, "Jane Q. Doe"),
        ("jane q.", "DOE", {}, "Jane Q. Doe"),  # middle initial, case
        ("J.", "Doe", {}, "Jane Q. Doe"),  # an initial
        ("Jane Quincy", "Doe", {"district": "012"}, "Jane Q. Doe"),  # middle name
        ("Bob", "Lindqvist", {"district": "3"}, "Robert Lindqvist"),  # nickname
        ("Jose", "Nunez", {"chamber": "house", "district": "7"}, "José Núñez"),
        ("Kate", "OBrien", {"chamber": "house", "district": "45"}, "Katherine O'Brien"),
    ],
)
def test_matches_despite_how_the_name_was_typed(
    wisconsin, request_in, first_name, last_name, fields, legislator
):
    match = request_in(first_name, last_name, **fields).roster_match()

    assert match is not None and match.name == legislator


def test_roster_match_gives_the_legislator(wisconsin, request_in):
    match = request_in().roster_match()

    assert (match.name, match.state, match.chamber, match.district) == (
        "Jane Q. Doe",
        "WI",
        "upper",
        "12",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"district": "13"},
        {"chamber": "house"},
        {"first_name": "John"},
        {"last_name": "Dodd"},
        {"state": "MN"},
        {"role": "staff"},
    ],
)
def test_no_match_elsewhere_or_by_another_name(wisconsin, request_in, fields):
    assert request_in(**fields).roster_match() is None


def test_nebraskas_one_house_matches_either_chamber(db, request_in):
    import_roster(
        csv_file(f"{HEADER}\n1,Ann Lee,Nonpartisan,4,legislature,Ann,Lee\n"), "ne.csv"
    )

    for chamber in ("unicameral", "senate", "house"):
        found = request_in(
            "Ann",
            "Lee",
            email=f"{chamber}@example.org",
            state="NE",
            district="4",
            chamber=chamber,
        ).roster_match()
        assert found is not None and found.name == "Ann Lee"


# The admin


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def three_requests(wisconsin, request_in):
    return {
        "match": request_in("Jane", "Doe", "jane@example.org"),
        "no-match": request_in("John", "Dodd", "john@example.org"),
        "no-roster": request_in("Ann", "Lee", "ann@example.org", state="MN"),
        "staff": request_in("Sam", "Aide", "sam@example.org", role="staff"),
    }


def test_the_request_list_shows_each_roster_check(as_coordinator, three_requests):
    html = as_coordinator.get(INDEX).content.decode()

    assert "Roster check" in html
    assert "matches Sen. Jane Q. Doe, WI-12 (Democratic)" in html
    assert "no legislator by that name in Wisconsin&#x27;s roster" in html
    assert "no roster for Minnesota" in html


@pytest.mark.parametrize(
    ("outcome", "shown"),
    [("match", "Jane"), ("no-match", "John"), ("no-roster", "Ann"), ("all", None)],
)
def test_the_request_list_filters_by_roster_check(
    as_coordinator, three_requests, outcome, shown
):
    html = as_coordinator.get(INDEX, {"roster": outcome}).content.decode()

    listed = [n for n in ("Jane", "John", "Ann", "Sam") if f'">{n} ' in html]
    assert listed == ([shown] if shown else ["Jane", "John", "Ann", "Sam"])


def test_the_inspect_view_shows_the_roster_check(as_coordinator, three_requests):
    jane = three_requests["match"]

    html = as_coordinator.get(f"{INDEX}inspect/{jane.pk}/").content.decode()

    assert (
        "<strong>Roster check:</strong> matches Sen. Jane Q. Doe, WI-12 (Democratic)"
        in html
    )


def test_the_request_list_checks_the_roster_in_a_bounded_number_of_queries(
    as_coordinator, wisconsin, request_in
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_coordinator.get(INDEX).status_code == 200
        return len(captured)

    request_in("Jane", "Doe", "r0@example.org")
    queries()  # warm: the site and the admin's permissions, looked up once
    few = queries()
    for number in range(1, 8):
        request_in(
            "Jane", "Doe", f"r{number}@example.org", state=("WI", "MN")[number % 2]
        )

    assert queries() == few


def test_a_coordinator_imports_a_roster_in_the_admin(as_coordinator, coordinator):
    upload = SimpleUploadedFile("wi.csv", WI.encode(), content_type="text/csv")

    response = as_coordinator.post(UPLOAD, {"file": upload}, follow=True)

    assert "Imported 4 legislators for Wisconsin." in response.content.decode()
    assert RosterImport.objects.get(state="WI").imported_by == coordinator
    assert RosterLegislator.objects.count() == 4


def test_a_bad_upload_says_why_and_imports_nothing(as_coordinator):
    upload = SimpleUploadedFile("roster.csv", b"id,full_name\n1,Jane\n")

    response = as_coordinator.post(UPLOAD, {"file": upload})

    assert response.status_code == 200
    assert "the columns name, current_chamber" in response.content.decode()
    assert not RosterLegislator.objects.exists()


def test_the_roster_menu_offers_the_import(as_coordinator, wisconsin):
    html = as_coordinator.get("/admin/groups/rosterlegislator/").content.decode()

    assert "Import a roster" in html
    assert "Jane Q. Doe" in html


def test_editors_cannot_import_or_see_the_roster(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("wi.csv", WI.encode())

    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": upload}).status_code == 403
    assert client.get("/admin/groups/rosterlegislator/").status_code == 403
    assert not RosterLegislator.objects.exists()


def test_the_demo_content_ships_fictional_rosters_once(db, coordinator):
    call_command("load_demo_content", verbosity=0)
    counts = dict(RosterImport.objects.values_list("state", "count"))
    # A coordinator's own import is never replaced by the demo's.
    import_roster(csv_file(WI), "wi.csv", by=coordinator)

    call_command("load_demo_content", verbosity=0)

    assert counts == {"MN": 10, "WI": 10}
    assert RosterImport.objects.get(state="WI").imported_by == coordinator
    assert RosterLegislator.objects.filter(state="MN").count() == 10
