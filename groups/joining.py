"""Joining: store a sign-up, confirm the address, tell the groups' staff."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from wagtail_modeladmin.helpers import AdminURLHelper

from cms import ratelimit
from cms.mail import absolute_url, queue_email
from groups.models import JoinPage, MembershipRequest

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "groups.join.confirm-email"
CONFIRMATION_MAX_AGE = 7 * 24 * 3600  # seconds
DETAIL_FIELDS = [
    "first_name",
    "last_name",
    "state",
    "chamber",
    "district",
    "role",
    "phone",
]
RATE_LIMITED = (
    "We have received a lot of sign-ups from here in a short time. Please wait "
    "a few minutes and send the form again; nothing you entered is lost."
)


@dataclass
class SignUp:
    email: str
    groups: list  # the WorkingGroupPages asked for
    requests: list  # this address's MembershipRequests for them
    new_group_ids: set  # groups with no earlier request from this address
    needs_confirmation: bool


def rate_limit_refusal(request, form):
    """A message for the person if this sign-up is over a rate limit, else None.

    Every attempt counts against the client's address and against the e-mail
    address it gives (as typed: the limit is on what arrives).
    """
    if not ratelimit.allow(
        "join-ip", ratelimit.client_ip(request), settings.JOIN_RATE_LIMIT
    ):
        return RATE_LIMITED
    email = form.data.get("email")
    if (
        isinstance(email, str)
        and email
        and not ratelimit.allow(
            "join-email", email.strip(), settings.JOIN_EMAIL_RATE_LIMIT
        )
    ):
        return RATE_LIMITED
    return None


@transaction.atomic
def submit(data):
    """Store one request per group asked for, and queue the confirmation mail.

    A second sign-up from the same address (in any case) adds only the groups
    not asked for before; the unique constraint keeps that true when two
    arrive at once (the loser's insert is skipped, not an error).
    """
    email, groups, now = data["email"], list(data["groups"]), timezone.now()
    details = {field: data[field] for field in DETAIL_FIELDS}
    requests = MembershipRequest.objects.for_email(email)
    asked_before = set(
        requests.filter(group__in=groups).values_list("group_id", flat=True)
    )
    MembershipRequest.objects.bulk_create(
        [
            MembershipRequest(
                email=email,
                group=group,
                agreed_revision_id=group.live_revision_id,
                agreed_at=now,
                **details,
            )
            for group in groups
        ],
        ignore_conflicts=True,
    )
    # Unconfirmed requests take the latest details; confirmed ones keep the
    # details their address's owner confirmed.
    for group in groups:
        if group.pk in asked_before:
            requests.filter(group=group).pending().unconfirmed().update(
                email=email,
                agreed_revision_id=group.live_revision_id,
                agreed_at=now,
                updated_at=now,
                **details,
            )
    needs_confirmation = requests.pending().unconfirmed().exists()
    if needs_confirmation:
        queue_email(
            "join_confirm",
            [email],
            {
                "first_name": data["first_name"],
                "groups": groups,
                "confirm_url": absolute_url(confirmation_path(email)),
                "max_age_days": CONFIRMATION_MAX_AGE // 86400,
            },
        )
    return SignUp(
        email=email,
        groups=groups,
        requests=list(requests.filter(group__in=groups).select_related("group")),
        new_group_ids={group.pk for group in groups} - asked_before,
        needs_confirmation=needs_confirmation,
    )


def confirmation_token(email):
    # Wagtail routes only [\w-] path segments; the signature has colons.
    signed = signing.dumps(email.lower(), salt=CONFIRMATION_SALT)
    return urlsafe_base64_encode(signed.encode())


def confirmation_path(email):
    join_page = JoinPage.objects.live().first()
    base = join_page.url if join_page else "/join/"
    return f"{base}confirm/{confirmation_token(email)}/"


def email_from_confirmation_token(token):
    """The address a confirmation link was made for; None if it was altered
    or is older than CONFIRMATION_MAX_AGE."""
    try:
        signed = urlsafe_base64_decode(token).decode()
        return signing.loads(
            signed, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except (ValueError, signing.BadSignature):
        return None


@transaction.atomic
def confirm_email(email):
    """Confirm every pending, unconfirmed request of this address and queue
    one notice per group to its staff. Returns the requests confirmed (none
    when the link was used before)."""
    confirmed = list(
        MembershipRequest.objects.select_for_update()
        .for_email(email)
        .pending()
        .unconfirmed()
        .select_related("group")
    )
    now = timezone.now()
    MembershipRequest.objects.filter(pk__in=[r.pk for r in confirmed]).update(
        email_confirmed_at=now, updated_at=now
    )
    for request in confirmed:
        notify_staff(request)
    return confirmed


def notify_staff(request):
    recipients = request.group.staff_recipients()
    if not recipients:
        logger.warning("Nobody to tell about %s: set STAFF_NOTIFY_EMAIL", request)
        return
    queue_email(
        "join_staff_notice",
        recipients,
        {
            "request": request,
            "admin_url": absolute_url(
                AdminURLHelper(MembershipRequest).get_action_url("inspect", request.pk)
            ),
        },
    )
