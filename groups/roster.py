"""Importing the state legislators' roster, and what it says of requests.

The roster is Open States' people CSV, which coordinators download and
upload (nothing is fetched from the network): one file per state, named
after it (`wi.csv`), or several states in one file with a `state` column. Importing a state replaces its roster, in one transaction
with the other states of the file.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from groups.models import RosterImport, RosterLegislator
from groups.models.membership import Role
from groups.models.roster import OpenStatesChamber, find_match
from groups.roster_names import words
from groups.us_states import US_STATES

STATE_NAMES = dict(US_STATES)
REQUIRED_COLUMNS = ["name", "current_chamber", "current_district"]
# Words before (or in) the name of the legislator a staff member works for.
TITLES = {
    "sen", "senator", "rep", "representative", "assemblymember", "assemblyman",
    "assemblywoman", "del", "delegate", "hon", "honorable", "the", "mr", "mrs",
    "ms", "miss", "dr",
}  # fmt: skip


class RosterError(ValueError):
    """The file can't be imported; the message says why, for a coordinator."""


@dataclass
class Imported:
    state: str
    count: int
    replaced: RosterImport | None  # the import this one replaces

    def __str__(self):
        text = f"Imported {self.count} legislators for {STATE_NAMES[self.state]}"
        if self.replaced:
            when = date_format(timezone.localtime(self.replaced.imported_at), "j M Y")
            text += f" (replacing {self.replaced.count} imported on {when})"
        return text + "."


def import_roster(file, filename, by=None):
    """Import the roster CSV in `file` (bytes); returns an Imported per state."""
    rows = read_rows(file, filename)
    now = timezone.now()
    by_state = {}
    for row in rows:
        by_state.setdefault(row.state, []).append(row)
    done = []
    with transaction.atomic():
        for state, legislators in sorted(by_state.items()):
            replaced = (
                RosterImport.objects.select_for_update().filter(state=state).first()
            )
            RosterLegislator.objects.filter(state=state).delete()
            for legislator in legislators:
                legislator.imported_at = now
            RosterLegislator.objects.bulk_create(legislators)
            RosterImport.objects.update_or_create(
                state=state,
                defaults={
                    "imported_at": now,
                    "count": len(legislators),
                    "imported_by": by,
                },
            )
            done.append(Imported(state, len(legislators), replaced))
    return done


def read_rows(file, filename):
    """Unsaved RosterLegislators from the CSV, or RosterError."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError("The file isn't UTF-8 text: is it a CSV file?") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RosterError(
            "This isn't an Open States people CSV: the column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing."
        )
    file_state = PurePath(filename or "").stem.upper()
    legislators = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        state = (row.get("state") or file_state).upper()
        if state not in STATE_NAMES:
            raise RosterError(
                f"Line {line}: which state? Give a state column (e.g. WI) "
                "or name the file after the state (e.g. wi.csv)."
            )
        chamber = row["current_chamber"].lower()
        if chamber not in OpenStatesChamber.values:
            raise RosterError(
                f"Line {line}: the chamber “{row['current_chamber']}” is not "
                "upper, lower or legislature."
            )
        if not row["name"] or not row["current_district"]:
            raise RosterError(f"Line {line}: a name and a district are needed.")
        legislators.append(
            RosterLegislator(
                state=state,
                chamber=chamber,
                district=row["current_district"][:50],
                name=row["name"][:200],
                given_name=row.get("given_name", "")[:100],
                family_name=row.get("family_name", "")[:100],
                party=row.get("current_party", "")[:100],
                open_states_id=row.get("id", "")[:100],
            )
        )
    if not legislators:
        raise RosterError("The file has no legislators in it.")
    return legislators


def named_legislator(membership_request):
    """Whom a request names, as the roster is searched for them: a
    legislator themself, or the legislator a staff member works for (in
    the seat they gave), or None (staff who didn't say)."""
    if membership_request.role == Role.LEGISLATOR:
        return membership_request
    names = [w for w in words(membership_request.works_for) if w not in TITLES]
    if membership_request.role != Role.STAFF or len(names) < 2:
        return None
    return SimpleNamespace(
        state=membership_request.state,
        chamber=membership_request.chamber,
        district=membership_request.district,
        first_name=names[0],
        last_name=names[-1],
    )


class RosterCheck:
    """What the roster says of one request: a match, no match, no roster."""

    MATCH, NO_MATCH, NO_ROSTER = "match", "no-match", "no-roster"

    def __init__(self, outcome, state, legislator=None, for_staff=False):
        self.outcome, self.state, self.legislator = outcome, state, legislator
        self.for_staff = for_staff

    def __str__(self):
        name = STATE_NAMES.get(self.state, self.state)
        if self.outcome == self.MATCH:
            whose = "their legislator " if self.for_staff else ""
            return f"{whose}matches {self.legislator.description}"
        if self.outcome == self.NO_MATCH:
            return f"no legislator by that name in {name}'s roster"
        return f"no roster for {name}"


def roster_checks(membership_requests):
    """{request pk: RosterCheck} for the legislators among the requests and
    the staff who said whom they work for, with two queries whatever their
    number (other staff requests have none)."""
    named = {r.pk: named_legislator(r) for r in membership_requests}
    legislators = [r for r in membership_requests if named[r.pk] is not None]
    states = {r.state for r in legislators}
    rostered = set(
        RosterImport.objects.filter(state__in=states).values_list("state", flat=True)
    )
    roster = {}
    for legislator in RosterLegislator.objects.filter(state__in=rostered):
        roster.setdefault(legislator.state, []).append(legislator)
    checks = {}
    for membership_request in legislators:
        if membership_request.state not in rostered:
            outcome, match = RosterCheck.NO_ROSTER, None
        else:
            match = find_match(
                roster.get(membership_request.state, []), named[membership_request.pk]
            )
            outcome = RosterCheck.MATCH if match else RosterCheck.NO_MATCH
        checks[membership_request.pk] = RosterCheck(
            outcome,
            membership_request.state,
            match,
            for_staff=membership_request.role == Role.STAFF,
        )
    return checks


def filter_by_check(queryset, outcome):
    """The requests of `queryset` whose roster check has this outcome."""
    checked = queryset.filter(
        Q(role=Role.LEGISLATOR) | Q(role=Role.STAFF, works_for__gt="")
    )
    rostered = RosterImport.objects.values("state")
    if outcome == RosterCheck.NO_ROSTER:
        checked = checked.exclude(state__in=rostered)
    else:
        checked = checked.filter(state__in=rostered)
    candidates = checked.select_related(None).only(
        "pk",
        "role",
        "state",
        "chamber",
        "district",
        "first_name",
        "last_name",
        "works_for",
    )
    checks = roster_checks(list(candidates.iterator(chunk_size=2000)))
    return queryset.filter(
        pk__in=[pk for pk, check in checks.items() if check.outcome == outcome]
    )
