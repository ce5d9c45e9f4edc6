"""The admin dashboard's panel of the membership requests waiting for a decision."""

from django.db.models import Count, Min
from django.urls import reverse
from wagtail.admin.ui.components import Component

from groups.models import MembershipRequest


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
