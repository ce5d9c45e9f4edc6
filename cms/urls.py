"""The site's URLs. The apps above cms bring their own (by name: cms
imports none of them), before Wagtail's: accounts' shadow Wagtail's login
pages, and everything else falls through to the page tree."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.api import api_router
from cms.paths import ADMIN, API, DOCUMENTS, HEALTH, SEARCH, route
from cms.sitemaps import PublicAddressSitemap

urlpatterns = [
    path(route(HEALTH), views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("groups.urls")),
    path(route(ADMIN), include(wagtailadmin_urls)),
    path(route(DOCUMENTS), include(wagtaildocs_urls)),
    path(route(SEARCH), views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PublicAddressSitemap}},
        name="sitemap",
    ),
    path(route(API, "v2/schema/"), views.api_schema, name="api_schema"),
    path(route(API, "v2/"), api_router.urls),
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    # Images only: documents are served through the serve view, never as files.
    for folder in ("images", "original_images"):
        urlpatterns[:0] = static(
            f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder
        )
