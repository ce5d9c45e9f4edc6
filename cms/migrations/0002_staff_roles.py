"""The staff roles and the public collection.

Wagtail's initial data gives its default groups document and image
permissions on the root collection, and collection permissions reach every
collection below: that would include the working groups' private ones. Those
permissions move to a "Public" collection, a sibling of the private ones.
"""

from django.db import migrations

EDITORS = "Editors"
MEMBERSHIP_COORDINATORS = "Membership coordinators"
PUBLIC_COLLECTION = "Public"
MEDIA_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    for action in ("add", "change", "delete", "choose")
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def create_roles(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_collection = Collection.objects.get(depth=1)
    public = Collection.objects.filter(depth=2, name=PUBLIC_COLLECTION).first()
    if public is None:
        # Collection is a treebeard node; historical models lack its API.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        path = root_collection.path + _base36(step).rjust(4, "0")
        public = Collection.objects.create(name=PUBLIC_COLLECTION, path=path, depth=2, numchild=0)
        Collection.objects.filter(pk=root_collection.pk).update(numchild=root_collection.numchild + 1)

    for root_permission in GroupCollectionPermission.objects.filter(collection=root_collection):
        GroupCollectionPermission.objects.get_or_create(
            group_id=root_permission.group_id, collection=public, permission_id=root_permission.permission_id
        )
        root_permission.delete()

    access_admin = permission("wagtailadmin", "access_admin")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)
    root_page = Page.objects.get(depth=1)
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission("wagtailcore", codename)
        )
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=public, permission=permission(app_label, codename)
        )

    coordinators, _ = Group.objects.get_or_create(name=MEMBERSHIP_COORDINATORS)
    coordinators.permissions.add(access_admin)


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
