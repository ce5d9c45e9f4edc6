"""Joining: store a sign-up, confirm the address, tell the groups' staff."""

import logging

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
CHECK_YOUR_EMAIL = (
    "Thank you. We have sent an e-mail to this address: follow it to confirm "
    "your request (it also says if you are already a member)."
)
RATE_LIMITED = (
    "We have received a lot of sign-ups from here in a short time. Please wait "
    "a few minutes and send the form again; nothing you entered is lost."
)


def client_limit_refusal(request):
    """A message for the person if their address (IP) has sent too many
    sign-ups, else None. Every attempt counts."""
    if not ratelimit.allow(
        "join-ip", ratelimit.client_ip(request), settings.JOIN_RATE_LIMIT
    ):
        return RATE_LIMITED
    return None


@transaction.atomic
def submit(data):
    """Store the sign-up and mail its address what is true for it.

    Anyone can type anyone's address, so a sign-up changes nothing that
    exists: each group not already joined gets an unconfirmed request of its
    own, which only the address's owner can bring to staff (confirm()). What
    the address already has (a membership, a request with staff, a decision)
    is said in the e-mail to it and nowhere else: the caller answers every
    sign-up the same way. The same form sent twice stores nothing twice (a
    unique constraint keeps that true when both arrive at once).
    """
    email, groups, now = data["email"], list(data["groups"]), timezone.now()
    details = {field: data[field] for field in DETAIL_FIELDS}
    member_of = set(
        Membership.objects.filter(
            user__email__iexact=email, group__in=groups
        ).values_list("group_id", flat=True)
    )
    to_ask = [group for group in groups if group.pk not in member_of]
    MembershipRequest.objects.bulk_create(
        [
            MembershipRequest(
                email=email,
                group=group,
                agreed_revision_id=group.live_revision_id,
                agreed_at=now,
                **details,
            )
            for group in to_ask
        ],
        ignore_conflicts=True,
    )
    requests = MembershipRequest.objects.for_email(email)
    asked = list(
        requests.pending()
        .unconfirmed()
        .filter(group__in=to_ask, **details)
        .values_list("pk", flat=True)
    )
    with_staff = {
        request.group_id
        for request in requests.pending().exclude(email_confirmed_at=None)
    }
    if ratelimit.allow("join-email", email, settings.JOIN_EMAIL_RATE_LIMIT):
        queue_email(
            "join_confirm",
            [email],
            {
                "first_name": data["first_name"],
                "to_confirm": [g for g in to_ask if g.pk not in with_staff],
                "with_staff": [g for g in to_ask if g.pk in with_staff],
                "member_of": [g for g in groups if g.pk in member_of],
                "confirm_url": absolute_url(confirmation_path(asked))
                if asked
                else None,
                "login_url": absolute_url(settings.LOGIN_URL),
                "max_age_days": CONFIRMATION_MAX_AGE_DAYS,
            },
        )
    else:
        # Limits what someone typing this address can send to it; the
        # sign-up is stored all the same, and earlier links keep working.
        logger.warning("Join mail limit reached for an address; no mail sent")


def confirmation_token(request_ids):
    """A link for exactly these requests: a later sign-up in the same name
    (by anyone) needs a link of its own. The address is not in it."""
    signed = signing.dumps({"requests": sorted(request_ids)}, salt=CONFIRMATION_SALT)
    # Wagtail routes only [\w-] path segments; the signature has colons.
    return urlsafe_base64_encode(signed.encode())


def confirmation_path(request_ids):
    join_page = JoinPage.objects.live().first()
    base = join_page.url if join_page else JOIN_PATH
    return f"{base}confirm/{confirmation_token(request_ids)}/"


def read_confirmation_token(token):
    """The request ids of a confirmation link; None if it was altered or is
    older than CONFIRMATION_MAX_AGE."""
    try:
        signed = urlsafe_base64_decode(token).decode()
        link = signing.loads(
            signed, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except (ValueError, signing.BadSignature):
        return None
    return link.get("requests") if isinstance(link, dict) else None


def requests_to_confirm(request_ids):
    """The requests a link still has to confirm (shown before the button)."""
    return (
        MembershipRequest.objects.pending()
        .unconfirmed()
        .filter(pk__in=request_ids)
        .select_related("group")
        .order_by("group__path")
    )


@transaction.atomic
def confirm_requests(request_ids):
    """The address's owner confirms the link's requests that are still
    pending and unconfirmed. Each goes to its group's staff (who are told),
    or, where the address already has a request with staff, brings that one
    up to date. Other unconfirmed requests for the same groups, sent in this
    name by anyone, are withdrawn. Returns the requests now with staff
    (none when the link was used before)."""
    links_requests = list(requests_to_confirm(request_ids))
    if not links_requests:
        return []
    email = links_requests[0].email
    # One confirmation of an address at a time: the address's open requests
    # are re-read under a lock, so two links pressed at once can't both win.
    open_requests = list(
        MembershipRequest.objects.for_email(email)
        .pending()
        .select_for_update()
        .order_by("pk")
    )
    member_of = set(
        Membership.objects.filter(user__email__iexact=email).values_list(
            "group_id", flat=True
        )
    )
    now = timezone.now()
    confirmed = []
    for link_request in links_requests:
        same_group = [r for r in open_requests if r.group_id == link_request.group_id]
        current = next((r for r in same_group if r.pk == link_request.pk), None)
        if current is None or current.is_confirmed:
            continue  # confirmed or withdrawn by another link meanwhile
        with_staff = next((r for r in same_group if r.is_confirmed), None)
        if link_request.group_id in member_of:
            current.delete()  # approved meanwhile: nothing left to ask
            continue
        if with_staff is None:
            current.email_confirmed_at = now
            current.save(update_fields=["email_confirmed_at", "updated_at"])
            notify_staff(current)
            kept = current
        else:
            for field in ["email", *DETAIL_FIELDS, "agreed_revision", "agreed_at"]:
                setattr(with_staff, field, getattr(current, field))
            with_staff.save()
            kept = with_staff
        MembershipRequest.objects.filter(
            pk__in=[r.pk for r in same_group if not r.is_confirmed and r is not kept]
        ).delete()
        open_requests = [r for r in open_requests if r.group_id != kept.group_id]
        confirmed.append(kept)
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
