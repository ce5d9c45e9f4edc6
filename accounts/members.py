"""Accounts for approved members."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.log_actions import log

from accounts.models import User
from accounts.signals import account_deleting


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
    """Remove a person at their request. Every app holding personal data
    about them forgets it first (the account_deleting signal); an anonymous
    entry in the audit log records that it happened, with what they forgot."""
    forgotten = {}
    for _receiver, counts in account_deleting.send(sender=type(user), user=user):
        forgotten.update(counts or {})
    log(user, "accounts.account.delete", title="Deleted member", data=forgotten)
    user.delete()
