"""Who is told of a group's sign-ups moves out of the group's page (which
Editors edit and publish) into membership data that only membership
coordinators change: the page's addresses are carried over, and the
coordinators get the new model's permissions."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import groups.models.notifications

MEMBERSHIP_COORDINATORS = "Membership coordinators"
PERMISSIONS = [
    f"{action}_groupnotificationsettings" for action in ("add", "change", "delete", "view")
]


def carry_over_addresses(apps, schema_editor):
    WorkingGroupPage = apps.get_model("groups", "WorkingGroupPage")
    GroupNotificationSettings = apps.get_model("groups", "GroupNotificationSettings")
    for page in WorkingGroupPage.objects.exclude(notification_emails=""):
        GroupNotificationSettings.objects.create(group=page, emails=page.notification_emails)


def carry_back_addresses(apps, schema_editor):
    WorkingGroupPage = apps.get_model("groups", "WorkingGroupPage")
    GroupNotificationSettings = apps.get_model("groups", "GroupNotificationSettings")
    for row in GroupNotificationSettings.objects.all():
        WorkingGroupPage.objects.filter(pk=row.group_id).update(notification_emails=row.emails)


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
        ("groups", "0008_private_parent_restriction"),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupNotificationSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("emails", models.TextField(blank=True, help_text="Staff addresses told when someone confirms a request to join this group, one per line. Leave empty to use the site's default (STAFF_NOTIFY_EMAIL).", validators=[groups.models.notifications.validate_email_lines], verbose_name="notification addresses")),
                ("group", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="notification_settings", to="groups.workinggrouppage", verbose_name="working group")),
            ],
            options={
                "verbose_name": "notification addresses",
                "verbose_name_plural": "notification addresses",
            },
        ),
        migrations.RunPython(carry_over_addresses, carry_back_addresses),
        migrations.RemoveField(
            model_name="workinggrouppage",
            name="notification_emails",
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
