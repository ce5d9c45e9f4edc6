"""Members' documents: which a request may list, and the 403 of Wagtail's
serve view for members of other groups."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.template.response import TemplateResponse
from wagtail.documents import get_document_model

from cms.privacy import collections_hidden_from, public_pages
from groups.access import private_collections
from groups.models import Membership, WorkingGroupPage
from groups.models.pages import NEWEST_FIRST


def refuse_other_groups_members(document, request):
    """A `before_serve_document` hook, ahead of Wagtail's own privacy check:
    a logged-in person whom the collection's privacy refuses gets a 403 page
    that says which group the document is for, rather than a login page they
    can't get past. Anyone else goes on to Wagtail's check."""
    if request.user.is_authenticated and not all(
        restriction.accept_request(request)
        for restriction in document.collection.get_view_restrictions()
    ):
        group = group_of(document.collection)
        return TemplateResponse(
            request,
            "groups/document_forbidden.html",
            {
                "group": group,
                # A member whose access paused is told why, not asked to join.
                "paused": group is not None
                and Membership.objects.filter(
                    user=request.user, group=group, paused_at__isnull=False
                ).exists(),
            },
            status=403,
        )
    return None


def group_of(collection, groups=None):
    """The working group whose private collection holds `collection`, among
    `groups`: by default those whose page anybody may read (a draft's title
    is nobody's business)."""
    if groups is None:
        groups = public_pages(WorkingGroupPage.objects.live())
    return (
        groups.filter(collection__in=collection.get_ancestors(inclusive=True))
        .order_by("-collection__depth")
        .first()
    )


def member_documents(request, hidden_collections=None):
    """The working groups' documents this request may download, newest first.
    `hidden_collections`: collections_hidden_from(request), if known already."""
    if hidden_collections is None:
        hidden_collections = collections_hidden_from(request)
    return (
        get_document_model()
        .objects.filter(collection__in=private_collections())
        .exclude(collection__in=hidden_collections)
        .select_related("collection")
        .order_by(*NEWEST_FIRST)
    )


def groups_by_collection(groups):
    """A function giving the working group (of `groups`, with their
    collections loaded) whose collection holds a document."""
    groups = sorted(groups, key=lambda group: len(group.collection.path), reverse=True)

    def group_for(document):
        return next(
            (
                g
                for g in groups
                if document.collection.path.startswith(g.collection.path)
            ),
            None,
        )

    return group_for


def latest_documents(documents, per_group):
    """The newest `per_group` documents of each collection, in one query."""
    return documents.annotate(
        rank=Window(RowNumber(), partition_by=F("collection_id"), order_by=NEWEST_FIRST)
    ).filter(rank__lte=per_group)
