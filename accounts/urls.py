"""People's URLs: allauth's pages, the doors to them from Wagtail's own
login pages, and my account."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    # Wagtail's login pages lead to allauth's (rate limits, two-factor).
    path("admin/login/", views.to_account_login, {"default_next": "/admin/"}),
    path("_util/login/", views.to_account_login),
    path("accounts/", include("allauth.urls")),
    path("members/account/", views.account, name="members_account"),
    path(
        "members/account/delete/",
        views.delete_my_account,
        name="members_delete_account",
    ),
]
