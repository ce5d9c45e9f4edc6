"""Membership coordinators manage the documents of the working groups'
private collections and see who downloaded them.

(Wagtail checks document permissions on wagtaildocs.Document whatever the
document model, so Editors' permissions on the Public collection hold.)
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "choose")
MEMBERSHIP_COORDINATORS = "Membership coordinators"
PRIVATE_COLLECTIONS_PARENT = "Working group documents (members only)"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("groups")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")

    coordinators, _ = Group.objects.get_or_create(name=MEMBERSHIP_COORDINATORS)
    coordinators.permissions.add(
        Permission.objects.get(content_type__app_label="groups", codename="view_documentdownload")
    )
    # The collection is made with the first working group; if it exists already,
    # grant here what its creation grants.
    parent = Collection.objects.filter(depth=2, name=PRIVATE_COLLECTIONS_PARENT).first()
    if parent is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=[f"{a}_document" for a in ACTIONS]
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=coordinators, collection=parent, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0005_documents"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
