from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from groups.us_states import US_STATES


class Chamber(models.TextChoices):
    SENATE = "senate", _("State Senate")
    HOUSE = "house", _("State House / Assembly / House of Delegates")
    UNICAMERAL = "unicameral", _("Unicameral")


class Role(models.TextChoices):
    LEGISLATOR = "legislator", _("Legislator")
    STAFF = "staff", _("Legislative staff")


class MembershipRequestQuerySet(models.QuerySet):
    def for_email(self, email):
        return self.filter(email__iexact=email)

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

    objects = MembershipRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["created_at"]
        constraints = [
            # One request per person and group, however the address is cased,
            # even when the same form is submitted twice at once.
            models.UniqueConstraint(
                Lower("email"), "group", name="groups_request_one_per_email_and_group"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}> → {self.group}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()
