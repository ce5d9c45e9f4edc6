from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import to_account_login
from cms import views
from cms.api import api_router
from groups.documents import serve_document
from groups.views import join_api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's login pages lead to allauth's (rate limits, two-factor).
    path("admin/login/", to_account_login, {"default_next": "/admin/"}),
    path("_util/login/", to_account_login),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.urls")),
    # Wagtail's document serve view, behind a door of ours (groups.documents).
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/v2/join/", join_api, name="join_api"),
    path("api/v2/", api_router.urls),
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    # Images only: documents are served through the serve view, never as files.
    for folder in ("images", "original_images"):
        urlpatterns[:0] = static(
            f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder
        )
