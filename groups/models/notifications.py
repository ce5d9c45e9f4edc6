from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models


def email_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def validate_email_lines(text):
    for line in email_lines(text):
        try:
            validate_email(line)
        except ValidationError:
            raise ValidationError(f"“{line}” is not an e-mail address.") from None


class GroupNotificationSettings(models.Model):
    """Who is told of a working group's new members' requests (their names,
    addresses, districts, phone numbers). Where membership data goes is
    membership data: only membership coordinators set it, in the Membership
    menu, never in the group's page, and each change is in the audit log."""

    group = models.OneToOneField(
        "groups.WorkingGroupPage",
        verbose_name="working group",
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    emails = models.TextField(
        "notification addresses",
        blank=True,
        validators=[validate_email_lines],
        help_text=(
            "Staff addresses told when someone confirms a request to join this group, "
            "one per line. Leave empty to use the site's default (STAFF_NOTIFY_EMAIL)."
        ),
    )

    class Meta:
        verbose_name = "notification addresses"
        verbose_name_plural = "notification addresses"

    def __str__(self):
        # The audit log keeps this as the entry's label: where the data went.
        addresses = ", ".join(email_lines(self.emails)) or "the site's default"
        return f"{self.group.title} → {addresses}"
