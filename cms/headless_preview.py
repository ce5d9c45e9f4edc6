"""Previews in a separate front end (Wagtail's headless preview pattern, as
the wagtail-headless-preview package does it, which doesn't support
Wagtail 8 and never lets a link expire).

With HEADLESS_PREVIEW_URL set, an editor's preview (the editor's preview
panel, "Preview in new tab", a moderator's "Preview") is sent to the front
end: `<HEADLESS_PREVIEW_URL>?content_type=<app.model>&token=<token>`. The
page as the editor has it, unsaved changes included, is kept in the cache
for HEADLESS_PREVIEW_SECONDS; the token names it, signed with the site's
secret key and timed. The front end reads the page from
`/api/v2/page_preview/?content_type=&token=`, which answers it like the pages
API's detail, never to be stored, and refuses a missing, forged or expired
token. Nothing else of the API shows a draft. A front end that reads it
from the browser may: the answer is readable from HEADLESS_PREVIEW_URL's
origin (CORS, without cookies: the token is the credential).
"""

import json
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import PermissionDenied

from cms.middleware import origin

SIGNING_SALT = "cms.headless-preview"
CACHE_PREFIX = "headless-preview:"


def content_type_name(page):
    """`app_label.model`, as the preview URL names a page's type."""
    return f"{page._meta.app_label}.{page._meta.model_name}"


def keep_for_preview(page):
    """Keep `page` as it is now (unsaved) for a preview: its token."""
    key = secrets.token_urlsafe(24)
    cache.set(CACHE_PREFIX + key, page.to_json(), settings.HEADLESS_PREVIEW_SECONDS)
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(key)


def front_end_preview_url(page, token):
    """HEADLESS_PREVIEW_URL with the page's type and the token added to
    whatever query it has."""
    url = urlsplit(settings.HEADLESS_PREVIEW_URL)
    query = [
        *parse_qsl(url.query),
        ("content_type", content_type_name(page)),
        ("token", token),
    ]
    return url._replace(query=urlencode(query)).geturl()


def allow_front_end(request, response):
    """Let the front end's own origin read `response` in a browser."""
    patch_vary_headers(response, ["Origin"])
    if not settings.HEADLESS_PREVIEW_URL:
        return
    front_end = origin(settings.HEADLESS_PREVIEW_URL)
    if request.headers.get("Origin") == front_end:
        response["Access-Control-Allow-Origin"] = front_end


class HeadlessPreviewMixin:
    """For page models: with HEADLESS_PREVIEW_URL set, previews open in the
    front end; without it, the site's own preview as usual."""

    def serve_preview(self, request, mode_name):
        if not settings.HEADLESS_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        return redirect(front_end_preview_url(self, keep_for_preview(self)))


def page_from_token(token):
    """The page kept under a valid token; PermissionDenied (with why) for a
    forged or expired token, or one whose page is no longer kept."""
    try:
        key = signing.TimestampSigner(salt=SIGNING_SALT).unsign(
            token, max_age=settings.HEADLESS_PREVIEW_SECONDS
        )
    except signing.SignatureExpired as error:
        raise PermissionDenied(
            "The preview link has expired: preview the page again from the editor."
        ) from error
    except signing.BadSignature as error:
        raise PermissionDenied("The preview link is not valid.") from error
    content = cache.get(CACHE_PREFIX + key)
    if content is None:
        raise PermissionDenied(
            "The preview is no longer available: preview the page again from the editor."
        )
    content_types = apps.get_model("contenttypes", "ContentType").objects
    page_type = content_types.get_for_id(json.loads(content)["content_type"])
    page = page_type.model_class().from_json(content)
    if page.pk is None:
        page.pk = 0  # a page not yet saved (the API's URLs need a number)
    return page
