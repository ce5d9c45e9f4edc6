"""The membership domain's URLs outside the page tree: the member area and
the join API."""

from django.urls import path

from cms.paths import API, MEMBERS, route
from groups import member_area, views

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
]
