"""The membership domain's URLs outside the page tree: the member area and
the join API and the member's API."""

from django.urls import path

from cms.paths import API, MEMBERS, route
from groups import member_api, member_area, unsubscribe, views

urlpatterns = [
    path(route(MEMBERS), member_area.members_home, name="members_home"),
    path(
        route(MEMBERS, "documents/"),
        member_area.members_documents,
        name="members_documents",
    ),
    path(
        route(MEMBERS, "directory/"),
        member_area.members_directory,
        name="members_directory",
    ),
    path(
        route(MEMBERS, "groups/<slug:slug>/directory/"),
        member_area.set_directory_listing,
        name="members_directory_listing",
    ),
    path(
        route(MEMBERS, "groups/<slug:slug>/alerts/"),
        member_area.set_alert_choice,
        name="members_alerts",
    ),
    # No log-in: the link in each alert e-mail, and RFC 8058's one click.
    path(
        route(MEMBERS, "alerts/stop/<str:token>/"),
        unsubscribe.stop_alerts,
        name="members_alerts_unsubscribe",
    ),
    path(
        route(MEMBERS, "groups/<slug:slug>/principles/"),
        member_area.review_principles,
        name="members_principles",
    ),
    path(
        route(MEMBERS, "groups/<slug:slug>/leave/"),
        member_area.leave_group,
        name="members_leave_group",
    ),
    path(route(API, "v2/join/"), views.join_api, name="join_api"),
    path(route(API, "v2/me/"), member_api.MyGroupsView.as_view(), name="me_api"),
    path(
        route(API, "v2/me/documents/"),
        member_api.MyDocumentsView.as_view(),
        name="me_documents_api",
    ),
    path(
        route(API, "v2/me/groups/<slug:slug>/leave/"),
        member_api.LeaveGroupView.as_view(),
        name="me_leave_group_api",
    ),
]
