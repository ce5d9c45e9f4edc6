"""One-click unsubscribe from new-document e-mail, without logging in.

The link in each alert (and its List-Unsubscribe header) carries a signed
list of memberships. A GET shows what it stops and a button, so that link
scanners that follow every link stop nothing; a POST (the button, or a mail
client's RFC 8058 one-click POST, which has no CSRF token) stops them. An
altered link, or one whose memberships have ended, gets the same answer
whoever asks.
"""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from groups import alerts


@csrf_exempt  # the signed token is the proof; mail clients post without a form
@never_cache
@require_http_methods(["GET", "POST"])
def stop_alerts(request, token):
    """Stop new-document e-mail for the memberships the link names."""
    memberships = list(alerts.memberships_to_unsubscribe(token).order_by("group__path"))
    if not memberships:
        return TemplateResponse(request, "groups/alerts_stop_invalid.html", status=404)
    stopped = request.method == "POST"
    if stopped:
        alerts.stop_alerts(memberships)
    return TemplateResponse(
        request,
        "groups/alerts_stop.html",
        {
            "groups": [membership.group for membership in memberships],
            "stopped": stopped,
        },
    )
