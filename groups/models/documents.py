from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class GroupDocument(AbstractDocument):
    """A document, public or in a working group's private collection, with
    what members need to know about a strategy paper before opening it."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("A sentence or two: what the document is and who it is for."),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the document itself (a meeting, a draft); members see the newest first."
        ),
    )

    admin_form_fields = (*Document.admin_form_fields, "description", "date")
    search_fields = [*AbstractDocument.search_fields, index.SearchField("description")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        # Without a file the form already said why (too large, or none
        # given): an extension check of no file would only add a wrong
        # 'File extension "" is not allowed'.
        if self.file:
            super().clean()

    def save(self, *args, **kwargs):
        # The admin's form records size and hash; documents made or given a
        # new file any other way (imports, scripts) get them here, so members
        # always see a size and a new file is told apart by its hash.
        if self.file and (self.file_size is None or self.has_new_file_unmeasured):
            self._set_document_file_metadata()
        super().save(*args, **kwargs)

    @property
    def has_new_file(self):
        """A file assigned but not stored yet: this save brings a new file."""
        return bool(self.file) and not self.file._committed

    @property
    def has_new_file_unmeasured(self):
        return (
            self.has_new_file and getattr(self, "_measured_file", None) is not self.file
        )

    def _set_document_file_metadata(self):
        super()._set_document_file_metadata()
        self._measured_file = self.file  # the admin's form measured it already


class DocumentDownload(models.Model):
    """Who downloaded which private document, and when: these are sensitive
    strategy papers, and staff can see who opened each one."""

    document = models.ForeignKey(
        GroupDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    downloaded_at = models.DateTimeField(_("downloaded"), auto_now_add=True)

    # Wagtail's reference index tracks where content is used; a log row is
    # not a use, and indexing one per download would be wasted work.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.document} by {self.user or 'a deleted account'}"
