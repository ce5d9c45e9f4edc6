"""A person's permissions, read in one query (accounts/backends.py): the
same answer as Django's ModelBackend gives."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission


def test_own_and_groups_permissions_in_one_query(
    user_factory, django_assert_num_queries
):
    person = user_factory("person@example.org")
    editors = Group.objects.create(name="Some editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    person.user_permissions.add(Permission.objects.get(codename="add_document"))
    person.groups.add(editors)

    with django_assert_num_queries(1):
        assert person.has_perm("wagtailadmin.access_admin")
        assert person.has_perm("wagtaildocs.add_document")
        assert not person.has_perm("wagtaildocs.delete_document")

    person.refresh_from_db()
    assert person.get_all_permissions() == ModelBackend().get_all_permissions(person)
    assert person.get_all_permissions() == {
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
    }


def test_nobody_inactive_or_anonymous_has_permissions(user_factory, superuser):
    person = user_factory("gone@example.org")
    person.user_permissions.add(Permission.objects.get(codename="add_document"))
    person.is_active = False
    assert not person.has_perm("wagtaildocs.add_document")
    assert not AnonymousUser().has_perm("wagtaildocs.add_document")
    assert "wagtaildocs.add_document" in superuser.get_all_permissions()
