"""The admin dashboard's panels: the membership requests waiting for a
decision, and the groups' private documents a coordinator adds to."""

from django.db.models import Count, Min
from django.urls import reverse
from wagtail.admin.ui.components import Component

from groups.access import document_policy
from groups.models import MembershipRequest, WorkingGroupPage


class WaitingRequestsPanel(Component):
    """Per working group, the requests a coordinator can decide now (pending,
    the address confirmed) and how long the oldest has waited. Each group
    links to the request list filtered by it, whose default shows just these."""

    name = "waiting_requests"
    template_name = "groups/dashboard/waiting_requests.html"
    order = 50  # before Wagtail's own panels: this is the day's work

    def get_context_data(self, parent_context=None):
        index_url = reverse("groups_membershiprequest_modeladmin_index")
        waiting = (
            MembershipRequest.objects.pending()
            .filter(email_confirmed_at__isnull=False)
            .values("group_id", "group__title")
            .annotate(count=Count("pk"), oldest=Min("created_at"))
            .order_by("oldest")
        )
        return {
            "index_url": index_url,
            "groups": [
                {
                    "title": row["group__title"],
                    "count": row["count"],
                    "oldest": row["oldest"],
                    "url": f"{index_url}?group={row['group_id']}",
                }
                for row in waiting
            ],
        }


def add_waiting_requests_panel(request, panels):
    """The panel, for those who may see membership requests."""
    if request.user.has_perm("groups.view_membershiprequest"):
        panels.append(WaitingRequestsPanel())


class GroupDocumentsPanel(Component):
    """Per working group whose private collection the user may add to, its
    documents and an upload that lands in that collection (coordinators
    have no page editor, where the group page's own panel offers the same)."""

    name = "group_documents"
    template_name = "groups/dashboard/group_documents.html"
    order = 60

    def __init__(self, groups):
        self.groups = groups

    def get_context_data(self, parent_context=None):
        index_url, upload_url = (
            reverse("wagtaildocs:index"),
            reverse("wagtaildocs:add_multiple"),
        )
        return {
            "groups": [
                {
                    "title": group.title,
                    "documents_url": f"{index_url}?collection_id={group.collection_id}",
                    "upload_url": f"{upload_url}?collection_id={group.collection_id}",
                }
                for group in self.groups
            ]
        }


def add_group_documents_panel(request, panels):
    """The panel, for those who may add documents to a group's collection."""
    may_add_to = document_policy().collections_user_has_permission_for(
        request.user, "add"
    )
    groups = list(
        WorkingGroupPage.objects.filter(collection__in=may_add_to).order_by("path")
    )
    if groups:
        panels.append(GroupDocumentsPanel(groups))
