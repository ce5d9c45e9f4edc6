"""Which collections a request may not see, by Wagtail's own view restrictions.

Every listing of documents (the API, the member area, search) filters through
here, so that what is listed is exactly what the serve view would hand over.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.db.models.query import prefetch_related_objects
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction


def collections_hidden_from(request):
    """The collections (restricted ones and everything below them) whose
    documents this request may not view."""
    restrictions = list(
        CollectionViewRestriction.objects.select_related("collection").prefetch_related(
            "groups"
        )
    )
    if request.user.is_authenticated:
        # accept_request() reads user.groups.all() once per restriction: fetch once.
        prefetch_related_objects([request.user], "groups")
    return collections_below(
        restriction.collection
        for restriction in restrictions
        if not restriction.accept_request(request)
    )


def restricted_collections():
    """Every collection under a view restriction (for anybody)."""
    return collections_below(
        restriction.collection
        for restriction in CollectionViewRestriction.objects.select_related(
            "collection"
        )
    )


def collections_below(collections):
    """These collections and everything below them."""
    below_any = Q()
    for collection in collections:
        below_any |= Q(path__startswith=collection.path)
    return (
        Collection.objects.filter(below_any) if below_any else Collection.objects.none()
    )


def public_pages(pages):
    """Wagtail's `pages.public()`: no view restriction on the page or any
    of its ancestors. Asked in the pages' own query rather than reading
    every restriction in a query of its own first."""
    restricted = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return pages.exclude(Exists(restricted))
