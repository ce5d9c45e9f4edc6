from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import has_totp, must_use_two_factor

ADMIN_PREFIX = "/admin/"
ADMIN_LOGOUT = "/admin/logout/"


class StaffTwoFactorMiddleware:
    """The admin lets staff who can see membership data or private documents
    in only once they have set up TOTP: until then it sends them to the
    enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and request.path.startswith(ADMIN_PREFIX)
            and request.path != ADMIN_LOGOUT
            and request.user.is_authenticated
            and must_use_two_factor(request.user)
            and not has_totp(request.user)
        ):
            return redirect(
                f"{reverse('mfa_activate_totp')}?next={quote(request.get_full_path())}"
            )
        return self.get_response(request)
