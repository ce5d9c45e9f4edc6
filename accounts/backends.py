"""How a person logs in and what they may do: allauth's backend, with a
person's permissions read in one query instead of Django's two."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.models import Permission


class AuthenticationBackend(AllauthBackend):
    def get_all_permissions(self, user_obj, obj=None):
        """Django's ModelBackend's answer (the person's own permissions and
        their groups', kept on the user for the request), in one query: every
        page a logged-in person sees asks, for Wagtail's user bar."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.values_list(
                    "content_type__app_label", "codename"
                )
            else:
                permissions = own_and_groups_permissions(user_obj)
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.order_by()
            }
        return user_obj._perm_cache


def own_and_groups_permissions(user):
    fields = ("content_type__app_label", "codename")
    own = Permission.objects.filter(user=user).values_list(*fields).order_by()
    groups = Permission.objects.filter(group__user=user).values_list(*fields)
    return own.union(groups.order_by())
