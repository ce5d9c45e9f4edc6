"""People's URLs: allauth's pages, the doors to them from Wagtail's own
login pages, and my account."""

from django.urls import include, path

from accounts import views
from cms.paths import ACCOUNTS, ADMIN, MEMBERS, WAGTAIL_UTILITIES, route

urlpatterns = [
    # Wagtail's login pages lead to allauth's (rate limits, two-factor).
    path(route(ADMIN, "login/"), views.to_account_login, {"default_next": ADMIN}),
    path(route(WAGTAIL_UTILITIES, "login/"), views.to_account_login),
    path(route(ACCOUNTS), include("allauth.urls")),
    path(route(MEMBERS, "account/"), views.account, name="members_account"),
    path(
        route(MEMBERS, "account/delete/"),
        views.delete_my_account,
        name="members_delete_account",
    ),
]
