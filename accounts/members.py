"""Accounts for approved members."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.models import User
from groups.models import Membership, MembershipRequest


def account_for(email, *, first_name="", last_name=""):
    """The account for this address, whatever its case, created if there is
    none (without a password), with the address verified for allauth: its
    owner confirmed it when joining, or a coordinator vouched for it."""
    email = User.objects.normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email, first_name=first_name, last_name=last_name
                )
        except IntegrityError:  # created meanwhile by a concurrent approval
            user = User.objects.get(email=email)
    mark_verified(user)
    return user


def mark_verified(user):
    """Record the user's address as verified, as allauth's login requires."""
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True
    )
    if not updated:
        EmailAddress.objects.create(
            user=user,
            email=user.email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )


def set_password_path(user):
    """allauth's password-reset link for `user`, valid for PASSWORD_RESET_TIMEOUT
    and until the password changes."""
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def delete_account(user):
    """Remove a person at their request: the account, their memberships, and
    the personal data in their requests and in the audit log's labels. An
    anonymised entry records that it happened."""
    requests = list(MembershipRequest.objects.for_email(user.email))
    memberships = list(Membership.objects.filter(user=user))
    for request in requests:
        request.email = f"deleted-{request.pk}@deleted.invalid"
        request.first_name, request.last_name = "Deleted", "member"
        request.district = request.phone = ""
        request.save(
            update_fields=["email", "first_name", "last_name", "district", "phone"]
        )
    for model, objects in ((MembershipRequest, requests), (Membership, memberships)):
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(obj.pk) for obj in objects],
        ).update(label="Deleted member")
    log(
        user,
        "accounts.account.delete",
        title="Deleted member",
        data={"requests": len(requests), "memberships": len(memberships)},
    )
    user.delete()
