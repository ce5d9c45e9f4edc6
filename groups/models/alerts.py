from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models.documents import GroupDocument


class DocumentAnnouncement(models.Model):
    """A document (one file of it) to be announced to its group's members:
    made when it lands in a group's collection or gets a new file. One per
    document and file content, so saving, moving or re-uploading the same
    file announces nothing twice."""

    document = models.ForeignKey(
        GroupDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    file_hash = models.CharField(_("file's SHA-1"), max_length=40, blank=True)
    replaced = models.BooleanField(_("a new file of a document"), default=False)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("document announcement")
        verbose_name_plural = _("document announcements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "document", "file_hash", name="groups_announcement_once_per_file"
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.created_at:%Y-%m-%d})"


class DocumentAlertQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def sent(self):
        return self.filter(sent_at__isnull=False)


class DocumentAlert(models.Model):
    """One member's e-mail about one announcement: written before it is
    sent, marked when it is, so it goes out once whatever fails meanwhile."""

    announcement = models.ForeignKey(
        DocumentAnnouncement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    weekly = models.BooleanField(_("for the weekly digest"), default=False)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = DocumentAlertQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("document alert")
        verbose_name_plural = _("document alerts")
        constraints = [
            models.UniqueConstraint(
                "announcement", "user", name="groups_alert_once_per_member"
            ),
        ]
        indexes = [
            # The digest's question: whose weekly alerts are waiting.
            models.Index(
                fields=["user"],
                condition=models.Q(sent_at__isnull=True, weekly=True),
                name="groups_alert_weekly_unsent_idx",
            ),
        ]

    def __str__(self):
        return f"{self.announcement.document} to {self.user}"
