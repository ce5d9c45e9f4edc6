"""The headless API at /api/v2/: pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.privacy import collections_hidden_from, restricted_collections


class ViewableDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents, leaving out those in collections the caller may not view
    (from the listing, the detail and therefore every download_url)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .exclude(collection__in=collections_hidden_from(self.request))
        )


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images outside restricted collections only: an image's renditions are
    public files, so one in a private collection is listed for nobody."""

    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collections())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", ViewableDocumentsAPIViewSet)
