"""The headless API at /api/v2/: pages, images and documents, and the
draft of an editor's preview (cms.headless_preview)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.cache import patch_cache_control
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api_cache import PublicAPICacheMixin
from cms.headless_preview import allow_front_end, content_type_name, page_from_token
from cms.privacy import collections_hidden_from, restricted_collections

# The largest OFFSET the database takes (a 64-bit signed integer).
LARGEST_OFFSET = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")


class CheckedPagination(WagtailPagination):
    """Wagtail's, refusing an offset past what the database can count."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # not a number: Wagtail's own check says so
        if offset > LARGEST_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {LARGEST_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?slug=, ?first_published_at=): it checks
    numbers and booleans itself; a value any other field can't hold (a date
    that isn't one) fails when the filter is built, and is refused here."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError(
                f"field filter error. {' '.join(error.messages)}"
            ) from error


class CheckedSearchFilter(SearchFilter):
    """Wagtail's ?search=, with ?search_operator= checked before the search
    backend raises on an unknown one."""

    def filter_queryset(self, request, queryset, view):
        operator = request.GET.get("search_operator", "")
        if operator and operator.lower() not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        return super().filter_queryset(request, queryset, view)


CHECKED_FILTERS = {FieldsFilter: CheckedFieldsFilter, SearchFilter: CheckedSearchFilter}


class CheckedQueryMixin:
    """An endpoint that answers 400 with a message for every query value
    Wagtail would pass on unchecked to the database or the search backend."""

    pagination_class = CheckedPagination

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.filter_backends = [
            CHECKED_FILTERS.get(backend, backend) for backend in cls.filter_backends
        ]

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:  # DRF's, without a word on why
            raise BadRequestError("format must be 'json'") from error

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                queryset.model._meta.pk.to_python(request.GET["id"])
            except ValidationError as error:
                raise BadRequestError(f"id: {' '.join(error.messages)}") from error
        return super().find_object(queryset, request)


class CheckedPagesAPIViewSet(PublicAPICacheMixin, CheckedQueryMixin, PagesAPIViewSet):
    """Pages, the same for every anonymous caller: cacheable (cms.api_cache)."""


class ViewableDocumentsAPIViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    """Documents, leaving out those in collections the caller may not view
    (from the listing, the detail and therefore every download_url)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .exclude(collection__in=collections_hidden_from(self.request))
        )


class PublicImagesAPIViewSet(CheckedQueryMixin, ImagesAPIViewSet):
    """Images outside restricted collections only: an image's renditions are
    public files, so one in a private collection is listed for nobody."""

    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collections())


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """`/api/v2/page_preview/?token=` (and `content_type=`, checked when
    given): the page of a valid preview token, as the pages API's detail
    shows a page, for its caller only."""

    # One URL answering one item, found by its token (cms.openapi).
    answers_one_item = True

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = self.preview_page()
        return self._preview_page

    def preview_page(self):
        token = self.request.GET.get("token")
        if not token:
            raise BadRequestError("token is required: use the editor's preview link")
        page = page_from_token(token)
        content_type = self.request.GET.get("content_type")
        if content_type and content_type.lower() != content_type_name(page):
            raise BadRequestError(f"content_type must be {content_type_name(page)}")
        return page

    def detail_view(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        allow_front_end(request, response)
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="listing")]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", ViewableDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
