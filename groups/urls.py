"""The membership domain's URLs outside the page tree: the member area and
the join API."""

from django.urls import path

from groups import member_area, views

urlpatterns = [
    path("members/", member_area.members_home, name="members_home"),
    path(
        "members/documents/",
        member_area.members_documents,
        name="members_documents",
    ),
    path(
        "members/groups/<slug:slug>/leave/",
        member_area.leave_group,
        name="members_leave_group",
    ),
    path("api/v2/join/", views.join_api, name="join_api"),
]
