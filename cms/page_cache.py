"""A cache of anonymous visitors' pages, shared by every app server.

Only GET/HEAD requests without a query string from visitors without a
session (so never a logged-in member, whose pages may show private
documents) are served from it, before the session is even read: a hit costs
one cache read (and, with Redis, no database query). Only complete, public HTML answers go into it: status
200, no cookie but the CSRF one, nothing marked private or no-store.

Every entry carries the generation it was made in, which changes whenever a
page is published, unpublished, moved or deleted, or a site changes, so all
cached pages are replaced at once (the groups index lists every group, so publishing one
group must refresh it too); with REDIS_URL set, every app server sees the
change. The frontend cache (a CDN), when configured, is purged too, of
the pages API's URLs as well (whose ETags, cms.api_cache, are made from the
generation).

The join page stays cacheable without giving up CSRF protection: the token
in a cached form is punched out and each visitor's own token is filled in
when the page is served (and their CSRF cookie set as usual). Such a page is
marked private so that no shared cache keeps one visitor's token.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.cache import patch_cache_control

from cms import paths
from cms.paths import absolute_url

GENERATION_KEY = "page-cache:generation"
TOKEN_HOLE = b"@@csrf-token@@"
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
STATUS_HEADER = "X-Page-Cache"


def cached_page(key):
    """The current generation and the entry under `key` if it was made in
    that generation (else None): one cache round trip for both."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = new_generation()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return current, entry[1:]
    return current, None


def current_generation():
    """The generation of everything cached now (the API's ETags use it)."""
    current = cache.get(GENERATION_KEY)
    return new_generation() if current is None else current


def new_generation():
    """First use, or the cache lost it: a generation no old entry shares."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def generation(request):
    """The current generation, read once per request (the page cache's
    middleware has read it already for a request it could answer)."""
    if not hasattr(request, "page_cache_generation"):
        request.page_cache_generation = current_generation()
    return request.page_cache_generation


def invalidate(**kwargs):
    """Replace every cached page (and the sites and routes that
    cms/site_cache.py keeps): at once, and again when the change is
    committed, so that nothing a request read in between, before the
    change could be seen, outlives it."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    )


def pages_changed(instance, signal, **kwargs):
    """A page was published, unpublished or moved: replace the cached pages,
    and purge the frontend cache (when one is configured) of the pages
    listing it (its ancestors, and those that its `listed_on()` names), and
    of the page itself when it moved (Wagtail's frontend cache app purges a
    page it publishes or unpublishes); and of the pages API's listing and
    of each of these pages' API detail, the page's own included. (An API
    listing with a query string is one URL per query: it can't be named, and
    lasts FRONT_CACHE_SECONDS.)"""
    invalidate()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch
        from wagtail.signals import post_page_move

        pages = [*instance.get_ancestors().live()]
        listed_on = getattr(instance.specific_deferred, "listed_on", None)
        if listed_on is not None:
            pages.extend(listed_on())
        batch = PurgeBatch()
        batch.add_pages([*pages, instance] if signal is post_page_move else pages)
        batch.add_urls(api_urls([*pages, instance]))
        batch.purge()


def api_urls(pages):
    """The pages API's listing and the API detail of each of `pages`."""
    return [
        absolute_url(reverse("wagtailapi:pages:listing")),
        *(
            absolute_url(reverse("wagtailapi:pages:detail", args=[page.pk]))
            for page in pages
        ),
    ]


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # A visitor with a session may see what others may not (a
                # member's page, a private document): no cache but their
                # browser's memory keeps it.
                patch_cache_control(response, private=True, no_store=True)
            # The pages API keeps its own answers (cms.api_cache) and says so.
            response.setdefault(STATUS_HEADER, "bypass")
            return response

        key = f"page-cache:{request.scheme}://{request.get_host()}{request.path}"
        current, entry = cached_page(key)
        request.page_cache_generation = current
        if entry is not None:
            return self.cached_response(request, entry)

        response = self.get_response(request)
        if self.is_cacheable_response(response):
            content = TOKEN_FIELD.sub(rb"\1" + TOKEN_HOLE + rb"\2", response.content)
            cache.set(
                key,
                (current, response["Content-Type"], content),
                settings.PAGE_CACHE_SECONDS,
            )
            self.set_cache_control(response, has_token=TOKEN_HOLE in content)
            response[STATUS_HEADER] = "miss"
        else:
            response[STATUS_HEADER] = "bypass"
        return response

    def is_cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(paths.NOT_PAGES)
        )

    def is_cacheable_response(self, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not any(
                word in cache_control for word in ("private", "no-store", "no-cache")
            )
        )

    def cached_response(self, request, entry):
        content_type, content = entry
        has_token = TOKEN_HOLE in content
        if has_token:
            # get_token() also has the CSRF middleware set the visitor's cookie.
            content = content.replace(TOKEN_HOLE, get_token(request).encode())
        response = HttpResponse(content, content_type=content_type)
        self.set_cache_control(response, has_token=has_token)
        response[STATUS_HEADER] = "hit"
        return response

    @staticmethod
    def set_cache_control(response, *, has_token):
        if has_token:
            patch_cache_control(response, private=True, max_age=0)
        else:
            patch_cache_control(
                response, public=True, max_age=settings.FRONT_CACHE_SECONDS
            )
