"""The membership lifecycle, in one place: a sign-up is submitted and its
address confirmed; staff approve or decline the request; a member leaves or
is removed; a person who deletes their account is forgotten.

Views, the admin and the API call these and only turn the outcome into HTML,
JSON or a message; the models keep their fields, querysets and invariants.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.members import account_for, set_password_path
from cms import ratelimit
from cms.mail import queue_email
from cms.paths import absolute_url
from groups import principles
from groups.models import JoinPage, Membership, MembershipRequest
from groups.models.membership import APPLICANT_DETAILS
from groups.models.pages import JOIN_PATH

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "groups.join.confirm-email"
CONFIRMATION_MAX_AGE_DAYS = 7
CONFIRMATION_MAX_AGE = CONFIRMATION_MAX_AGE_DAYS * 24 * 3600  # seconds


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
    details = {field: data[field] for field in APPLICANT_DETAILS}
    forget_unconfirmed(older_than=now - timedelta(seconds=CONFIRMATION_MAX_AGE))
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
    with_staff = set(
        requests.pending()
        .exclude(email_confirmed_at=None)
        .values_list("group_id", flat=True)
    )
    if ratelimit.allow("join-email", email, settings.JOIN_EMAIL_RATE_LIMIT):
        queue_email(
            "join_confirm",
            [email],
            {
                "first_name": data["first_name"],
                "to_confirm": [g for g in to_ask if g.pk not in with_staff],
                "with_staff": [g for g in to_ask if g.pk in with_staff],
                "member_of": [g for g in groups if g.pk in member_of],
                "confirm_url": confirmation_url(asked) if asked else None,
                "login_url": absolute_url(settings.LOGIN_URL),
                "max_age_days": CONFIRMATION_MAX_AGE_DAYS,
            },
        )
    else:
        # Limits what someone typing this address can send to it; the
        # sign-up is stored all the same, and earlier links keep working.
        logger.warning("Join mail limit reached for an address; no mail sent")


def forget_unconfirmed(older_than):
    """Unconfirmed requests whose link has expired: whoever typed them, their
    owner never confirmed them, so the details typed are not kept."""
    MembershipRequest.objects.pending().unconfirmed().filter(
        created_at__lt=older_than
    ).delete()


def confirmation_token(request_ids):
    """A link for exactly these requests: a later sign-up in the same name
    (by anyone) needs a link of its own. The address is not in it."""
    signed = signing.dumps({"requests": sorted(request_ids)}, salt=CONFIRMATION_SALT)
    # Wagtail routes only [\w-] path segments; the signature has colons.
    return urlsafe_base64_encode(signed.encode())


def confirmation_url(request_ids):
    join_page = JoinPage.objects.live().first()
    base = join_page.url if join_page else JOIN_PATH
    return absolute_url(f"{base}confirm/{confirmation_token(request_ids)}/")


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
def confirm(request_ids):
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
            for field in ["email", *APPLICANT_DETAILS, "agreed_revision", "agreed_at"]:
                setattr(with_staff, field, getattr(current, field))
            with_staff.save()
            kept = with_staff
        MembershipRequest.objects.filter(
            pk__in=[r.pk for r in same_group if not r.is_confirmed and r is not kept]
        ).delete()
        open_requests = [r for r in open_requests if r.group_id != kept.group_id]
        confirmed.append(kept)
    return confirmed


def notify_staff(membership_request):
    recipients = membership_request.group.staff_recipients()
    if not recipients:
        logger.warning(
            "Nobody to tell about %s: set STAFF_NOTIFY_EMAIL", membership_request
        )
        return
    queue_email(
        "join_staff_notice",
        recipients,
        {
            "membership_request": membership_request,
            "admin_url": absolute_url(
                AdminURLFinder().get_edit_url(membership_request) or ""
            ),
        },
    )


def approve(membership_request, by=None):
    """Make the person a member of the group: their account (found or
    created), the group's members, a Membership, and an e-mail saying so
    (with a link to set a password if they have none). Approving twice
    changes nothing and sends nothing. Returns whether it approved."""
    with transaction.atomic():
        locked = MembershipRequest.objects.select_for_update().get(
            pk=membership_request.pk
        )
        if locked.status == MembershipRequest.Status.APPROVED:
            return False
        user = account_for(
            locked.email, first_name=locked.first_name, last_name=locked.last_name
        )
        membership, new_member = Membership.objects.get_or_create(
            user=user,
            group=locked.group,
            defaults={
                "approved_by": by,
                "request": locked,
                # What the request agreed to: an older version of the
                # principles than the group's current one asks for a review.
                "agreed_revision_id": locked.agreed_revision_id,
                "agreed_at": locked.agreed_at,
            },
        )
        locked.decide(MembershipRequest.Status.APPROVED, by)
        log(locked, "groups.request.approve", user=by)
        if not new_member:
            return True  # a member already, and told so then
        if membership.behind_on_principles:
            # The principles changed since they asked: asked to review them
            # like every other member, by the same rules.
            if principles.should_pause(membership):
                membership.paused_at = timezone.now()
                membership.save(update_fields=["paused_at"])
            principles.ask_members_to_review.enqueue(
                group_id=locked.group_id,
                revision_id=locked.group.principles_revision_id,
            )
        queue_email(
            "membership_approved",
            [user.email],
            {
                "user": user,
                "group": locked.group,
                "set_password_url": None
                if user.has_usable_password()
                else absolute_url(set_password_path(user)),
                "login_url": absolute_url(reverse("account_login")),
                "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
        )
    return True


def decline(membership_request, by=None, message=""):
    """Say no, with an optional message in the e-mail to the applicant. No
    account is made. A request approved already is left alone (remove the
    member instead). Returns whether it declined."""
    with transaction.atomic():
        locked = MembershipRequest.objects.select_for_update().get(
            pk=membership_request.pk
        )
        if locked.status != MembershipRequest.Status.PENDING:
            return False
        locked.decline_message = message
        locked.decide(MembershipRequest.Status.DECLINED, by)
        log(locked, "groups.request.decline", user=by)
        queue_email(
            "membership_declined",
            [locked.email],
            {
                "membership_request": locked,
                "group": locked.group,
                "message": message,
            },
        )
    return True


@transaction.atomic
def leave(membership):
    """The member ends their own membership; the group's staff are told."""
    log(membership, "groups.membership.leave", user=membership.user)
    membership.delete()
    recipients = membership.group.staff_recipients()
    if recipients:
        queue_email("member_left", recipients, {"membership": membership})


@transaction.atomic
def agree_to_principles(membership, revision):
    """The member agrees to the group's principles as `revision` of its page
    has them (the current ones, which they were shown): access paused for
    want of agreeing comes back at once."""
    membership.agreed_revision = revision
    membership.agreed_at = timezone.now()
    membership.paused_at = None
    membership.save(update_fields=["agreed_revision", "agreed_at", "paused_at"])
    log(membership, "groups.membership.agree", user=membership.user)


def set_listed(membership, listed):
    """The member chooses whether the group's other members see them in
    its directory (name, state, chamber, district, role)."""
    membership.listed = listed
    membership.save(update_fields=["listed"])


def set_alerts(membership, choice):
    """The member chooses how they hear of the group's new documents
    (an `Alerts` value: at once, in the weekly digest, never)."""
    membership.alerts = choice
    membership.save(update_fields=["alerts"])


@transaction.atomic
def remove(membership, by):
    """A coordinator ends someone's membership: their access ends at once."""
    log(membership, "wagtail.delete", user=by)
    membership.delete()


def forget(user):
    """Blank the personal data of a person whose account is being deleted
    (their memberships go with the account): their requests, kept anonymous
    for the groups' history, and the audit log's labels of both. Returns the
    counts."""
    requests = list(MembershipRequest.objects.for_email(user.email))
    memberships = list(Membership.objects.filter(user=user))
    for membership_request in requests:
        membership_request.email = f"deleted-{membership_request.pk}@deleted.invalid"
        membership_request.first_name = "Deleted"
        membership_request.last_name = "member"
        membership_request.district = membership_request.phone = ""
        membership_request.works_for = ""
        membership_request.save(
            update_fields=[
                "email",
                "first_name",
                "last_name",
                "district",
                "phone",
                "works_for",
            ]
        )
    for model, objects in ((MembershipRequest, requests), (Membership, memberships)):
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(obj.pk) for obj in objects],
        ).update(label="Deleted member")
    return {"requests": len(requests), "memberships": len(memberships)}
