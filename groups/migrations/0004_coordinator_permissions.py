"""Membership coordinators review requests and remove members; nobody else
(Editors included) gets any membership permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MEMBERSHIP_COORDINATORS = "Membership coordinators"
PERMISSIONS = [
    "view_membershiprequest",
    "change_membershiprequest",
    "view_membership",
    "delete_membership",
]


def grant(apps, schema_editor):
    # Permissions are normally created after migrating; these are needed now.
    app_config = apps.get_app_config("groups")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name=MEMBERSHIP_COORDINATORS)
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="groups", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0003_memberships_and_decisions"),
        ("cms", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
