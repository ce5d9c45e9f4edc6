"""CORS for the join API, and nothing else on the site: a partner site's
browser code may call it from an origin staff allow (JOIN_API_ALLOWED_ORIGINS).

No credentials are ever allowed: the API acts for nobody, so a cookie would
give it nothing to act on.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

# How long a browser may reuse a preflight's answer.
PREFLIGHT_MAX_AGE = 60 * 60


def allow_partner_origins(methods):
    """Answer a CORS preflight (OPTIONS) for the view, allowing `methods`
    with a JSON body, and let an allowed origin read the view's answers.
    Any other origin gets no CORS header, so its browser keeps the answer
    from its page. Restrict the view's methods (OPTIONS among them) outside."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ", ".join(["OPTIONS", *methods])
            else:
                response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Origin"])
            origin = request.headers.get("Origin")
            if origin is None or origin not in settings.JOIN_API_ALLOWED_ORIGINS:
                return response
            response["Access-Control-Allow-Origin"] = origin
            if request.method == "OPTIONS":
                response["Access-Control-Allow-Methods"] = ", ".join(methods)
                response["Access-Control-Allow-Headers"] = "Content-Type"
                response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            return response

        return wrapper

    return decorator
