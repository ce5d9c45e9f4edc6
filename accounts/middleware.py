from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import has_totp, must_use_two_factor
from cms import paths

# Where someone without two-factor may still go: logging in, setting it up,
# logging out (all under /accounts/), and the admin's own logout.
OPEN_TO_ALL = (
    paths.ACCOUNTS,
    settings.STATIC_URL,
    paths.HEALTH,
    f"{paths.ADMIN}logout/",
)


class StaffTwoFactorMiddleware:
    """Staff who can see membership data or private documents get nowhere
    while logged in (not the admin, nor the members' documents, the serve
    view or the API) until they have set up TOTP: they are sent to the
    enrolment page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(OPEN_TO_ALL)
            and must_use_two_factor(request.user)
            and not has_totp(request.user)
        ):
            return redirect(
                f"{reverse('mfa_activate_totp')}?next={quote(request.get_full_path())}"
            )
        return self.get_response(request)
