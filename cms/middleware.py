import json
import logging
import time
from urllib.parse import unquote_plus

from csp.middleware import CSPMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest

from cms.page_cache import STATUS_HEADER
from cms.ratelimit import client_ip

ADMIN_PREFIX = "/admin/"
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
