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
from groups.models import JoinPage, Membership, MembershipRequest
from groups.models.pages import JOIN_PATH

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "groups.join.confirm-email"
CONFIRMATION_MAX_AGE_DAYS = 7
CONFIRMATION_MAX_AGE = CONFIRMATION_MAX_AGE_DAYS * 24 * 3600  # seconds
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


def client_limit_refusal(request):
    """A message for the person if their address (IP) has sent too many
    sign-ups, else None. Every attempt counts."""
    if not ratelimit.allow(
        "join-ip", ratelimit.client_ip(request), settings.JOIN_RATE_LIMIT
    ):
        return RATE_LIMITED
    return None


def address_limit_refusal(email):
    """The same for an e-mail address. Only valid sign-ups count, so nobody
    can lock someone out by sending junk in their name."""
    if not ratelimit.allow("join-email", email, settings.JOIN_EMAIL_RATE_LIMIT):
        return RATE_LIMITED
    return None


@transaction.atomic
def submit(data):
    """Store one request per group asked for, and queue the confirmation mail.

    A second sign-up from the same address (in any case) adds only the groups
    not asked for before; the unique constraint keeps that true when two
    arrive at once (the loser's insert is skipped, not an error). Asking
    again for a group one has left, been removed from or been declined by
    makes that request pending again.
    """
    email, groups, now = data["email"], list(data["groups"]), timezone.now()
    details = {field: data[field] for field in DETAIL_FIELDS}
    requests = MembershipRequest.objects.for_email(email)
    asked_before = set(
        requests.filter(group__in=groups).values_list("group_id", flat=True)
    )
    member_of = set(
        Membership.objects.filter(
            user__email=email.lower(), group__in=groups
        ).values_list("group_id", flat=True)
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
    for group in groups:
        if group.pk not in asked_before:
            continue
        fresh = {
            "email": email,
            "agreed_revision_id": group.live_revision_id,
            "agreed_at": now,
            "updated_at": now,
            **details,
        }
        # Unconfirmed requests take the latest details; confirmed ones keep
        # the details their address's owner confirmed.
        requests.filter(group=group).pending().unconfirmed().update(**fresh)
        if group.pk not in member_of:
            requests.filter(group=group).exclude(
                status=MembershipRequest.Status.PENDING
            ).update(
                status=MembershipRequest.Status.PENDING,
                email_confirmed_at=None,
                decided_by=None,
                decided_at=None,
                decline_message="",
                **fresh,
            )
    to_confirm = list(requests.pending().unconfirmed().values_list("pk", flat=True))
    if to_confirm:
        queue_email(
            "join_confirm",
            [email],
            {
                "first_name": data["first_name"],
                "groups": groups,
                "confirm_url": absolute_url(confirmation_path(email, to_confirm)),
                "max_age_days": CONFIRMATION_MAX_AGE_DAYS,
            },
        )
    return SignUp(
        email=email,
        groups=groups,
        requests=list(requests.filter(group__in=groups).select_related("group")),
        new_group_ids={group.pk for group in groups} - asked_before,
        needs_confirmation=bool(to_confirm),
    )


def confirmation_token(email, request_ids):
    """A link for these requests of this address: a later sign-up in the
    same name (by anyone) needs a link of its own."""
    signed = signing.dumps(
        {"email": email.lower(), "requests": sorted(request_ids)},
        salt=CONFIRMATION_SALT,
    )
    # Wagtail routes only [\w-] path segments; the signature has colons.
    return urlsafe_base64_encode(signed.encode())


def confirmation_path(email, request_ids):
    join_page = JoinPage.objects.live().first()
    base = join_page.url if join_page else JOIN_PATH
    return f"{base}confirm/{confirmation_token(email, request_ids)}/"


def read_confirmation_token(token):
    """{"email", "requests"} of a confirmation link; None if it was altered
    or is older than CONFIRMATION_MAX_AGE."""
    try:
        signed = urlsafe_base64_decode(token).decode()
        return signing.loads(
            signed, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except (ValueError, signing.BadSignature):
        return None


def requests_to_confirm(email, requests):
    """The requests a link still has to confirm (shown before the button)."""
    return (
        MembershipRequest.objects.for_email(email)
        .pending()
        .unconfirmed()
        .filter(pk__in=requests)
        .select_related("group")
    )


@transaction.atomic
def confirm_requests(email, requests):
    """Confirm the link's requests that are still pending and unconfirmed,
    and queue one notice per group to its staff. Returns those confirmed
    (none when the link was used before)."""
    confirmed = list(
        requests_to_confirm(email, requests).select_for_update(of=("self",))
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
