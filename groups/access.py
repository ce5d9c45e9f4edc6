"""Each working group's members (a Django `Group`) and private `Collection`.

Wagtail's own collection privacy does the guarding: the collection carries a
`CollectionViewRestriction` that admits the members group and the membership
coordinators, so the document serve view, and everything that asks
`accept_request`, refuses everybody else.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.db.models import Subquery
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
)
from wagtail.permissions import policy_registry

from cms.roles import MEMBERSHIP_COORDINATORS

PRIVATE_COLLECTIONS_PARENT = "Working group documents (members only)"
DOCUMENT_ACTIONS = ("add", "change", "delete", "choose")
# What Wagtail's document listing asks of a user to list a document.
ADMIN_DOCUMENT_ACTIONS = ["change", "delete"]
GROUP_NAME_SUFFIX = " members"
GROUP_NAME_MAX_LENGTH = Group._meta.get_field("name").max_length


def members_group_name(title, group=None):
    """A unique Django group name for a working group called `title`.

    Two pages can share a title (a copy does, at first); group names can't.
    """
    base = (title[: GROUP_NAME_MAX_LENGTH - 20] + GROUP_NAME_SUFFIX).strip()
    others = Group.objects.exclude(pk=group.pk if group else None)
    name, number = base, 2
    while others.filter(name=name).exists():
        name, number = f"{base} ({number})", number + 1
    return name


def private_collections_parent():
    """The collection under which every working group's collection sits.

    It is a sibling of the public collection, so permissions granted on the
    public one never reach the private ones. Membership coordinators manage
    the documents of every collection below it. Documents belong in a
    group's collection, not here (the document form refuses it); should one
    land here all the same, the collection's own restriction keeps it from
    anyone but members of some group and the coordinators.
    """
    parent = private_collections_parent_query().first()
    if parent is None:
        parent = Collection.get_first_root_node().add_child(
            name=PRIVATE_COLLECTIONS_PARENT
        )
        coordinators = Group.objects.filter(name=MEMBERSHIP_COORDINATORS)
        grant_document_permissions(coordinators, parent)
        restrict_to_groups(parent, coordinators)
    return parent


def private_collections_parent_query():
    """The parent of the groups' collections, a child of the root."""
    return Collection.objects.filter(depth=2, name=PRIVATE_COLLECTIONS_PARENT).order_by(
        "path"
    )


def private_collections():
    """Every working group's collection (and anything below them): the
    parent found in a subquery, not a query of its own (every listing of
    documents asks). Without the parent, no group has a collection yet."""
    parent_path = private_collections_parent_query().values("path")[:1]
    return Collection.objects.filter(
        path__startswith=Subquery(parent_path), depth__gt=2
    )


def grant_document_permissions(groups, collection):
    # Wagtail checks document permissions on wagtaildocs.Document, whatever
    # the document model.
    permissions = Permission.objects.filter(
        content_type__app_label="wagtaildocs",
        codename__in=[f"{action}_document" for action in DOCUMENT_ACTIONS],
    )
    for group in groups:
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def create_members_group(title):
    return Group.objects.create(name=members_group_name(title))


def create_private_collection(title, members_group):
    parent = private_collections_parent()
    # Members must pass the parent's restriction as well as their group's.
    restrict_to_groups(parent, [members_group])
    collection = parent.add_child(name=title)
    restrict_to_groups(
        collection, [members_group, *Group.objects.filter(name=MEMBERSHIP_COORDINATORS)]
    )
    return collection


def restrict_to_groups(collection, groups):
    """Admit `groups` (too) through the collection's group restriction."""
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.add(*groups)


def rename_private_access(title, members_group, collection):
    """Keep the group's and collection's names in step with the page title.

    The collection is named exactly after the title, so it tells whether the
    title changed.
    """
    if collection.name == title:
        return
    collection.name = title
    collection.save(update_fields=["name"])
    members_group.name = members_group_name(title, group=members_group)
    members_group.save(update_fields=["name"])


def document_policy():
    return policy_registry.get_by_type(get_document_model())


def documents_in_admin_reach(user):
    """The documents an admin user may learn anything of (a title, a file
    name, how many there are): those Wagtail's own document listing shows
    them, in collections where they may change or delete documents. A
    working group's private documents are in reach of the coordinators only."""
    return document_policy().instances_user_has_any_permission_for(
        user, ADMIN_DOCUMENT_ACTIONS
    )


def collection_in_admin_reach(user, collection):
    """Whether `user` may learn what documents `collection` holds."""
    return (
        document_policy()
        .collections_user_has_any_permission_for(user, ADMIN_DOCUMENT_ACTIONS)
        .filter(pk=collection.pk)
        .exists()
    )


MEMBERSHIP_DATA_PERMISSIONS = (
    "groups.view_membershiprequest",
    "groups.view_membership",
)


def sees_membership_data_or_private_documents(user):
    """Staff who can read who belongs, or the groups' strategic documents:
    they must use two-factor authentication (a `must_use_two_factor` hook)."""
    if any(user.has_perm(perm) for perm in MEMBERSHIP_DATA_PERMISSIONS):
        return True
    return (
        document_policy()
        .collections_user_has_any_permission_for(user, DOCUMENT_ACTIONS)
        .filter(pk__in=private_collections())
        .exists()
    )


def may_view_collection(user, collection):
    """Whether `user`, logged in, may download the documents of `collection`
    (its restrictions and its ancestors', as Wagtail's serve view asks)."""
    as_request = SimpleNamespace(user=user, session={})
    return user.is_active and all(
        restriction.accept_request(as_request)
        for restriction in collection.get_view_restrictions()
    )
