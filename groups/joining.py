"""Joining: one flow for the join page and POST /api/v2/join/.

Each caller hands it the form's data and renders the outcome: the page as
HTML with the errors beside the fields, the API as JSON. The flow checks the
client's rate, the form and the honeypot, then stores the sign-up through
the membership lifecycle.
"""

from dataclasses import dataclass, field

from django.conf import settings

from cms import ratelimit
from groups import lifecycle
from groups.forms import JoinForm
from groups.models import JoinPage

# A sign-up is a few hundred bytes; anything this big is not one.
MAX_BODY_SIZE = 64 * 1024
CHECK_YOUR_EMAIL = (
    "Thank you. We have sent an e-mail to this address: follow it to confirm "
    "your request (it also says if you are already a member)."
)
RATE_LIMITED = (
    "We have received a lot of sign-ups from here in a short time. Please wait "
    "a few minutes and send the form again; nothing you entered is lost."
)
NON_FIELD = "non_field_errors"


@dataclass
class Outcome:
    form: JoinForm
    status: int  # 201 taken, 400 invalid, 429 too many from this client
    errors: dict = field(default_factory=dict)  # field (or NON_FIELD) → messages

    @property
    def taken(self):
        return self.status == 201

    @property
    def groups(self):
        return self.form.cleaned_data["groups"] if self.taken else []


def too_large(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_SIZE
    except ValueError:  # not a length: Django reads no body either
        return False


def join(request, data, type_errors=None):
    """Take a sign-up. Every valid one, a bot's too, has the
    same outcome: what is true for the address is said only in the e-mail
    sent to it. `type_errors`: values the API could not read as the form's."""
    form = JoinForm(data, request=request, groups=JoinPage.joinable_groups())
    if not ratelimit.allow(
        "join-ip", ratelimit.client_ip(request), settings.JOIN_RATE_LIMIT
    ):
        form.add_error(None, RATE_LIMITED)
        return Outcome(form, 429, {NON_FIELD: [RATE_LIMITED]})
    if type_errors or not form.is_valid():
        errors = {
            NON_FIELD if name == "__all__" else name: list(messages)
            for name, messages in form.errors.items()
        }
        return Outcome(form, 400, {**errors, **(type_errors or {})})
    if not form.is_bot:
        lifecycle.submit(form.cleaned_data)
    return Outcome(form, 201)
