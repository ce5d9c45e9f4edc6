"""Who must use two-factor authentication: staff whom an app says can see
sensitive data (its `must_use_two_factor` Wagtail hook answers True for
them), and every superuser."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from wagtail import hooks


def must_use_two_factor(user):
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    return user.is_superuser or any(
        sees_sensitive_data(user)
        for sees_sensitive_data in hooks.get_hooks("must_use_two_factor")
    )


def has_totp(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])
