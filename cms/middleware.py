import json
import logging
import time
from urllib.parse import unquote_plus

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.middleware import (
    SessionMiddleware as DjangoSessionMiddleware,
)
from django.http import HttpResponseBadRequest

from cms.page_cache import STATUS_HEADER

ADMIN_PREFIX = "/admin/"
logger = logging.getLogger("cms.requests")


class RequestLogMiddleware:
    """One structured (JSON) log line per request: method, path, status,
    duration and whether the page cache answered."""

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
                }
            )
        )
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY), with two exceptions
    for the Wagtail admin. Wagtail 8 still renders a few inline scripts there
    (inline panels, date pickers), so under /admin/ scripts may be inline;
    and the editor shows its preview in a frame of the admin itself, so admin
    pages may be framed by the site (X-Frame-Options SAMEORIGIN rather than
    DENY). Every other directive stays as strict, and the public site allows
    no inline script and no framing at all."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts

    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX):
            # A preview is the page's own response, headers included, made by
            # an inner request to the public URL: give it the admin's.
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
