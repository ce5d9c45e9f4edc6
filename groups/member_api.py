"""The member's API at /api/v2/me/, for a front end the member is logged in
to: their groups and pending requests, their groups' documents, and leaving
a group. The same rules as the member area (groups.member_area), whose
queries it shares: a session login, CSRF on every change, and nothing about
anyone but the caller; never kept by a shared cache."""

from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.paths import absolute_url
from cms.privacy import collections_hidden_from
from cms.views import search_query
from groups import lifecycle
from groups.documents import groups_by_collection, member_documents
from groups.member_area import (
    documents_matching,
    groups_with_documents_for,
    own_membership,
    pending_requests,
)
from groups.models import Membership

DOCUMENTS_LIMIT = 20
DOCUMENTS_LIMIT_MAX = 100


class MemberAPIView(APIView):
    """Logged-in members only (anyone else gets 403), through the session
    (DRF's SessionAuthentication, which checks CSRF on every change); the
    answers are the caller's own and only their browser may keep them."""

    permission_classes = [IsAuthenticated]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response


def group_data(group):
    return {
        "slug": group.slug,
        "title": group.title,
        "html_url": absolute_url(group.url),
    }


class MyGroupsView(MemberAPIView):
    """My working groups and my requests waiting for staff. It also sets
    the CSRF cookie, whose value a front end sends back as X-CSRFToken."""

    def get(self, request):
        get_token(request)
        memberships = list(
            Membership.objects.for_user(request.user).order_by("group__path")
        )
        member_of = [membership.group_id for membership in memberships]
        return Response(
            {
                "email": request.user.email,
                "groups": [
                    {
                        **group_data(membership.group),
                        "member_since": membership.approved_at,
                        "listed": membership.listed,
                        "alerts": membership.alerts,
                    }
                    for membership in memberships
                ],
                "pending": [
                    {**group_data(pending.group), "requested_at": pending.created_at}
                    for pending in pending_requests(request.user, member_of)
                ],
            }
        )


def whole_number(request, name, default, largest=None):
    """A `?name=` query parameter as a whole number from 0 (to `largest`)."""
    value = request.GET.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ParseError(f"{name} must be a whole number of 0 or more")
    if largest is not None and number > largest:
        raise ParseError(f"{name} cannot be higher than {largest}")
    return number


class MyDocumentsView(MemberAPIView):
    """My groups' documents, newest first: `?group=<slug>` for one group's,
    `?q=` to search titles and descriptions, `?limit=` and `?offset=`."""

    def get(self, request):
        limit = whole_number(request, "limit", DOCUMENTS_LIMIT, DOCUMENTS_LIMIT_MAX)
        offset = whole_number(request, "offset", 0)
        hidden = collections_hidden_from(request)
        groups = groups_with_documents_for(hidden)
        chosen = next((g for g in groups if g.slug == request.GET.get("group")), None)
        if "group" in request.GET and chosen is None:
            raise ParseError("group must be the slug of one of your working groups")
        documents = documents_matching(
            member_documents(request, hidden), chosen, search_query(request)
        )
        group_for = groups_by_collection(groups)
        return Response(
            {
                "meta": {"total_count": documents.count()},
                "items": [
                    self.document_data(document, group_for(document))
                    for document in documents[offset : offset + limit]
                ],
            }
        )

    @staticmethod
    def document_data(document, group):
        return {
            "id": document.pk,
            "title": document.title,
            "description": document.description,
            "date": document.date,
            "created_at": document.created_at,
            "file_extension": document.file_extension,
            "file_size": document.file_size,
            "download_url": absolute_url(document.url),
            "group": group.slug if group is not None else None,
        }


class LeaveGroupView(MemberAPIView):
    """I leave one of my groups (POST); a group I am not in is not found."""

    def post(self, request, slug):
        membership = own_membership(request, slug)
        lifecycle.leave(membership)
        return Response(
            {
                "group": membership.group.slug,
                "detail": f"You have left the {membership.group.title}.",
            }
        )
