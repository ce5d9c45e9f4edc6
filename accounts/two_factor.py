"""Who must use two-factor authentication: staff who can see membership
data or the working groups' private documents."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from groups.access import DOCUMENT_ACTIONS, private_collections

MEMBERSHIP_DATA_PERMISSIONS = (
    "groups.view_membershiprequest",
    "groups.view_membership",
)


def must_use_two_factor(user):
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.is_superuser or any(
        user.has_perm(perm) for perm in MEMBERSHIP_DATA_PERMISSIONS
    ):
        return True
    return (
        policy_registry.get_by_type(get_document_model())
        .collections_user_has_any_permission_for(user, DOCUMENT_ACTIONS)
        .filter(pk__in=private_collections())
        .exists()
    )


def has_totp(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])
