import json
import logging
import time
from urllib.parse import unquote_plus, urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.middleware import (
    SessionMiddleware as DjangoSessionMiddleware,
)
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest

from cms import paths
from cms.page_cache import STATUS_HEADER
from cms.ratelimit import client_ip

logger = logging.getLogger("cms.requests")


class RequestLogMiddleware:
    """One structured (JSON) log line per request: method, path, status,
    duration, whether the page cache answered, and the client's address as
    the rate limits see it (the proxy's entry of X-Forwarded-For)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "cache": response.get(STATUS_HEADER, ""),
                    "client_ip": self.client_ip(request),
                }
            )
        )
        return response

    @staticmethod
    def client_ip(request):
        try:
            return client_ip(request)
        except PermissionDenied:  # no usable address (a Unix socket's '')
            return None


# Admin views that render Wagtail's own inline scripts (inline panels, date
# pickers in forms and in listing filters), by the namespace of their URL or
# its name where it has none: the page editor, explorer, history and
# previews, the reports, the users listing and the settings. No other admin
# view (the membership admin among them) needs one.
ADMIN_VIEWS_WITH_INLINE_SCRIPTS = {
    "wagtailadmin_pages",
    "wagtailadmin_explore",
    "wagtailadmin_explore_root",
    "wagtailadmin_reports",
    "wagtailusers_users",
    "wagtailsettings",
}


def admin_view(request):
    """The resolved URL of an admin view, or None."""
    if request.path.startswith(paths.ADMIN):
        return request.resolver_match
    return None


def origin(url):
    """`scheme://host[:port]` of `url`, as CSP names a source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_preview(view):
    """A preview, which the editor shows in a frame of the admin itself."""
    return "preview" in (view.url_name or "")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY), with three exceptions
    for the Wagtail admin's views that need them: inline scripts where
    Wagtail 8 still renders some (ADMIN_VIEWS_WITH_INLINE_SCRIPTS), framing
    by the site (X-Frame-Options SAMEORIGIN rather than DENY) for the
    editor's previews, and framing the front end's preview
    (HEADLESS_PREVIEW_URL) when there is one. Every other directive stays as
    strict, and the rest of the admin, like the public site, allows no
    inline script and no framing at all: markup stored in membership data
    can't run there."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        view = admin_view(request)
        if view is None:
            return parts
        if (view.namespace or view.url_name) in ADMIN_VIEWS_WITH_INLINE_SCRIPTS:
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        if is_preview(view):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        if settings.HEADLESS_PREVIEW_URL:
            # The editor's preview panel frames the front end's preview.
            parts.update = {
                **(parts.update or {}),
                "frame-src": [origin(settings.HEADLESS_PREVIEW_URL)],
            }
        return parts

    def process_response(self, request, response):
        view = admin_view(request)
        if view is not None and is_preview(view):
            # A preview is the page's own response, headers included, made
            # by an inner request to the public URL: give it the admin's.
            response["X-Frame-Options"] = (
                "SAMEORIGIN"  # kept by XFrameOptionsMiddleware
            )
            if "Content-Security-Policy" in response:
                del response["Content-Security-Policy"]
        return super().process_response(request, response)


class RefuseNulCharactersMiddleware:
    """A NUL character can't go into PostgreSQL text, so a query string with
    one (a search, a filter) is refused with 400 here rather than failing
    with 500 wherever it reaches the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            return HttpResponseBadRequest(
                "A NUL character is not allowed in the address.",
                content_type="text/plain",
            )
        return self.get_response(request)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, taking a session cookie that no session key can be (Django
    makes them of lowercase letters and digits) as no session: one with a
    NUL character would otherwise fail the session store's query with 500,
    whatever the engine (database, cache or both)."""

    def process_request(self, request):
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_key and not set(session_key) <= set(VALID_KEY_CHARS):
            session_key = None
        request.session = self.SessionStore(session_key)
