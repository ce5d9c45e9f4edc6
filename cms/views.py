from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from cms import openapi, paths

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


def search_query(request):
    """What the visitor searched for, cut to what the search box accepts."""
    return request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]


@never_cache
def healthz(request):
    """For the load balancer: 200 "ok" when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")


def search(request):
    """Site search over live pages that anybody may view."""
    query = search_query(request)
    results = Page.objects.none()
    if query:
        # .public() leaves out every page under a view restriction: a title
        # the visitor may not open is not shown either.
        pages = Page.objects.live().public().in_site(Site.find_for_request(request))
        results = pages.specific().search(query)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    return TemplateResponse(
        request,
        "cms/search.html",
        {
            "query": query,
            "query_max_length": SEARCH_QUERY_MAX_LENGTH,
            "results": paginator.get_page(request.GET.get("page")),
        },
    )


def robots_txt(request):
    """For crawlers: the sitemap, and the site's addresses that are not pages.
    Search results stay crawlable so that their noindex is seen (a page kept
    from crawlers can still be indexed from links to it)."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in paths.NOT_PAGES),
        f"Sitemap: {paths.absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def api_schema(request):
    """The OpenAPI document of the public API, for partners' developers and
    their tools."""
    return JsonResponse(openapi.document(), json_dumps_params={"indent": 2})
