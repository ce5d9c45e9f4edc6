"""The state legislators' roster (Open States' people CSV), as coordinators
import it, to check that a sign-up from a legislator is one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.roster_names import district_key, same_person
from groups.us_states import US_STATES


class OpenStatesChamber(models.TextChoices):
    UPPER = "upper", _("Upper chamber (Senate)")
    LOWER = "lower", _("Lower chamber (House, Assembly)")
    # Nebraska's one house.
    LEGISLATURE = "legislature", _("Legislature (unicameral)")


# Which roster chambers each chamber of the join form may be ("senate",
# "house", "unicameral": groups.models.membership.Chamber). Someone from
# Nebraska's one house may have chosen any.
ROSTER_CHAMBERS = {
    "senate": {OpenStatesChamber.UPPER, OpenStatesChamber.LEGISLATURE},
    "house": {OpenStatesChamber.LOWER, OpenStatesChamber.LEGISLATURE},
    "unicameral": set(OpenStatesChamber),
}
TITLES = {
    OpenStatesChamber.UPPER: "Sen.",
    OpenStatesChamber.LOWER: "Rep.",
    OpenStatesChamber.LEGISLATURE: "Sen.",
}


class RosterImport(models.Model):
    """When a state's roster was last imported, how many, by whom."""

    state = models.CharField(_("state"), max_length=2, choices=US_STATES, unique=True)
    imported_at = models.DateTimeField(_("imported"))
    count = models.PositiveIntegerField(_("legislators"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["state"]

    def __str__(self):
        return f"{self.get_state_display()} ({self.count})"


class RosterLegislatorQuerySet(models.QuerySet):
    def matching(self, membership_request):
        """The legislator that `membership_request` names, or None."""
        return find_match(
            self.filter(state=membership_request.state), membership_request
        )


def find_match(legislators, membership_request):
    """The first of `legislators` (of the request's state) in the request's
    seat and with its name."""
    chambers = ROSTER_CHAMBERS.get(membership_request.chamber, set())
    district = district_key(membership_request.district)
    for legislator in legislators:
        if (
            legislator.chamber in chambers
            and district_key(legislator.district) == district
            and legislator.is_named(
                membership_request.first_name, membership_request.last_name
            )
        ):
            return legislator
    return None


class RosterLegislator(models.Model):
    """One legislator of a state's current roster."""

    state = models.CharField(_("state"), max_length=2, choices=US_STATES)
    chamber = models.CharField(
        _("chamber"), max_length=20, choices=OpenStatesChamber.choices
    )
    district = models.CharField(_("district"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    open_states_id = models.CharField(_("Open States id"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported"))

    objects = RosterLegislatorQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("roster legislator")
        verbose_name_plural = _("roster legislators")
        ordering = ["state", "chamber", "district", "name"]
        indexes = [models.Index(fields=["state"], name="groups_roster_state_idx")]

    def __str__(self):
        return self.description

    @property
    def description(self):
        """ "Sen. Jane Q. Doe, WI-12 (Democratic)"."""
        seat = (
            f"{TITLES.get(self.chamber, '')} {self.name}, {self.state}-{self.district}"
        )
        return f"{seat} ({self.party})" if self.party else seat

    def is_named(self, first_name, last_name):
        return same_person(
            first_name, last_name, self.given_name, self.family_name, self.name
        )
