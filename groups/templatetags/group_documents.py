"""What the login page may say about the document a visitor was sent from,
and what the document editor says of its announcements to members."""

from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve
from wagtail.documents import get_document_model

from groups.alerts import announcements_of
from groups.documents import group_of

register = template.Library()


@register.simple_tag
def group_of_document_at(url):
    """The working group whose members may read the document at `url` (a
    /documents/<id>/<file> address, where Wagtail's privacy check sends
    visitors to log in), or None. The group's name is public; the
    document's title is not, and is never returned."""
    try:
        match = resolve(urlsplit(url or "").path)
    except Resolver404:
        return None
    if match.url_name != "wagtaildocs_serve":
        return None
    # As Wagtail's serve view: the id and the file name together, or nothing
    # (an id alone would let anyone walk the ids and map documents to groups).
    document_id, file_name = match.args
    document = (
        get_document_model()
        .objects.filter(pk=document_id)
        .select_related("collection")
        .first()
    )
    if document is None or document.filename != file_name:
        return None
    return group_of(document.collection)


@register.simple_tag
def document_announcements(document):
    """When the document was announced to its group's members, and to how
    many (the document editor shows it; groups.alerts.announcements_of)."""
    return announcements_of(document)
