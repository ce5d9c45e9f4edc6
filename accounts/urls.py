from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.members_home, name="members_home"),
    path("documents/", views.members_documents, name="members_documents"),
    path("groups/<slug:slug>/leave/", views.leave_group, name="members_leave_group"),
    path("account/", views.account, name="members_account"),
    path("account/delete/", views.delete_my_account, name="members_delete_account"),
]
