"""Caching of the pages API's anonymous answers, by the page cache's rules.

An anonymous GET of a pages endpoint (no session: what it answers is the
same for everybody) carries an ETag made from the page cache's generation
and the URL: publishing, unpublishing or moving a page changes every ETag at
once. A caller who sends the one it has gets 304; an answer without a query
string (a page's detail, the plain listing) made in this generation already
is served from the cache (for PAGE_CACHE_SECONDS); both without the page
tree being read. It is marked `public` for
FRONT_CACHE_SECONDS, so nginx or a CDN keeps it. The CDN is purged of the API's URLs with the pages'
(cms.page_cache.pages_changed). A caller with a session is told `private,
no-store` by the page cache middleware, like everywhere else.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from cms.page_cache import STATUS_HEADER, current_generation


def is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def api_etag(request):
    """Changes whenever a page is published, unpublished or moved, or the
    URL (query string included) differs. None while the cache is down: no
    generation then tells that a page changed."""
    generation = current_generation()
    if generation is None:
        return None
    key = f"{generation}:{request.get_host()}:{request.get_full_path()}"
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def etag_matches(request, etag):
    """Whether If-None-Match names `etag` (weak or not: a proxy that
    compresses the answer weakens it)."""
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in sent or etag in (tag.removeprefix("W/") for tag in sent)


def mark_public(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.FRONT_CACHE_SECONDS)


class PublicAPICacheMixin:
    """For an API endpoint whose answers are the same for every anonymous
    caller and change only when pages do."""

    def dispatch(self, request, *args, **kwargs):
        etag = api_etag(request) if is_anonymous_read(request) else None
        if etag is None:
            return super().dispatch(request, *args, **kwargs)
        if etag_matches(request, etag):
            response = HttpResponseNotModified()
            mark_public(response, etag)
            return response
        key = f"api-cache:{etag}"
        # Like the page cache, nothing with a query string: one entry per
        # page at most, which no stream of made-up queries can multiply (and
        # so crowd out the rate-limit counters).
        keep = settings.PAGE_CACHE_SECONDS > 0 and not request.META.get("QUERY_STRING")
        entry = cache.get(key) if keep else None
        if entry is not None:
            response = HttpResponse(entry[1], content_type=entry[0])
            response[STATUS_HEADER] = "hit"
        else:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if keep:
                response.render()
                content = (response["Content-Type"], response.content)
                cache.set(key, content, settings.PAGE_CACHE_SECONDS)
                response[STATUS_HEADER] = "miss"
        mark_public(response, etag)
        return response
