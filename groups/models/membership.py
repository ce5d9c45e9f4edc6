from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models.roster import RosterLegislator
from groups.us_states import US_STATES


class Chamber(models.TextChoices):
    SENATE = "senate", _("State Senate")
    HOUSE = "house", _("State House / Assembly / House of Delegates")
    UNICAMERAL = "unicameral", _("Unicameral")


class Role(models.TextChoices):
    LEGISLATOR = "legislator", _("Legislator")
    STAFF = "staff", _("Legislative staff")


# What an applicant tells about themselves, beside their address.
APPLICANT_DETAILS = [
    "first_name",
    "last_name",
    "state",
    "chamber",
    "district",
    "role",
    "phone",
    "works_for",
]


class MembershipRequestQuerySet(models.QuerySet):
    def for_email(self, email):
        # lower(email) = lower(x), which the unique index covers (iexact
        # would compare upper() and scan the table).
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())

    def pending(self):
        return self.filter(status=MembershipRequest.Status.PENDING)

    def unconfirmed(self):
        return self.filter(email_confirmed_at__isnull=True)


class MembershipRequest(models.Model):
    """One person's request to join one working group, from the join page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    email = models.EmailField(_("e-mail address"), max_length=320)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES)
    chamber = models.CharField(_("chamber"), max_length=20, choices=Chamber.choices)
    district = models.CharField(_("district"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    works_for = models.CharField(
        _("works for"),
        max_length=200,
        blank=True,
        help_text=_(
            "Legislative staff: the legislator they work for, as they wrote it."
        ),
    )
    group = models.ForeignKey(
        "groups.WorkingGroupPage",
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed"), null=True, blank=True
    )
    agreed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("principles agreed to"),
        help_text=_("The published revision of the group's page, principles included."),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed to the principles"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_message = models.TextField(_("message to the applicant"), blank=True)

    objects = MembershipRequestQuerySet.as_manager()
    # Not content: Wagtail's reference index ("usage") has no need of them.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["created_at"]
        indexes = [
            # The admin's listing: oldest first (id breaks ties, newest first).
            models.Index(
                fields=["created_at", "-id"], name="groups_request_received_idx"
            ),
        ]
        constraints = [
            # One request with staff per person and group, however the address
            # is cased; decided ones stay beside it as the history.
            models.UniqueConstraint(
                Lower("email"),
                "group",
                condition=models.Q(status="pending", email_confirmed_at__isnull=False),
                name="groups_request_one_open_per_email_and_group",
            ),
            # The same sign-up sent twice, even at once, is stored once.
            models.UniqueConstraint(
                Lower("email"),
                "group",
                *APPLICANT_DETAILS,
                condition=models.Q(status="pending", email_confirmed_at__isnull=True),
                name="groups_request_unconfirmed_once",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} → {self.group}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_confirmed(self):
        return self.email_confirmed_at is not None

    # The public contract keeps approve() and decline() here; what they do
    # is the membership lifecycle's (groups.lifecycle), which imports this
    # module: hence the one local import.
    def approve(self, by=None):
        """Make the person a member (see groups.lifecycle.approve)."""
        done = self._lifecycle().approve(self, by=by)
        self.refresh_from_db()
        return done

    def decline(self, by=None, message=""):
        """Say no, with an optional message (see groups.lifecycle.decline)."""
        done = self._lifecycle().decline(self, by=by, message=message)
        self.refresh_from_db()
        return done

    @staticmethod
    def _lifecycle():
        from groups import lifecycle

        return lifecycle

    def roster_match(self):
        """The legislator of the state's imported roster this request names
        (state, chamber, district and name), or None (and None for staff)."""
        if self.role != Role.LEGISLATOR:
            return None
        return RosterLegislator.objects.matching(self)

    def decide(self, status, by):
        """Record a decision (the lifecycle checks that it may be taken)."""
        self.status, self.decided_by, self.decided_at = status, by, timezone.now()
        self.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "decline_message",
                "updated_at",
            ]
        )


class Alerts(models.TextChoices):
    """How a member hears of a new document in one of their groups."""

    IMMEDIATE = "immediate", _("At once")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("Never")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("group")

    def behind_on_principles(self):
        """Members who haven't agreed to their group's current principles:
        the principles changed since they agreed (or nobody knows when they
        did). One comparison in the database, for the admin's filter."""
        changed_at = models.F("group__principles_changed_at")
        return self.filter(group__principles_changed_at__isnull=False).filter(
            models.Q(agreed_at__isnull=True) | models.Q(agreed_at__lt=changed_at)
        )

    def up_to_date_on_principles(self):
        return self.exclude(pk__in=self.behind_on_principles().values("pk"))


class Membership(models.Model):
    """A person's membership of a working group. While it exists the person
    is in the group's members group (and so may read its documents)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    group = models.ForeignKey(
        "groups.WorkingGroupPage",
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    request = models.ForeignKey(
        MembershipRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    listed = models.BooleanField(
        _("listed in the group's directory"),
        default=False,
        help_text=_("The member's own choice: the group's other members see them."),
    )
    alerts = models.CharField(
        _("new-document e-mail"),
        max_length=20,
        choices=Alerts.choices,
        default=Alerts.IMMEDIATE,
        help_text=_("The member's own choice: at once, weekly, or never."),
    )
    # The principles agreed to: the request's at first, the member's own
    # when they review a change (the request stays as the history).
    agreed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("principles agreed to"),
        help_text=_("The published revision of the group's page, principles included."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(
        _("agreed to the principles"), null=True, blank=True
    )
    asked_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("asked to review"),
        help_text=_("The change of principles the member was e-mailed about."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paused_at = models.DateTimeField(
        _("access paused"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the group's deadline to agree to changed principles passed: "
            "the member keeps the membership but not the documents until they agree."
        ),
    )

    objects = MembershipQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["group__title", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                "user", "group", name="groups_membership_one_per_user_and_group"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"

    @property
    def behind_on_principles(self):
        """Whether the group's principles changed since the member agreed
        (the queryset's behind_on_principles(), for one loaded membership)."""
        changed_at = self.group.principles_changed_at
        return changed_at is not None and (
            self.agreed_at is None or self.agreed_at < changed_at
        )
