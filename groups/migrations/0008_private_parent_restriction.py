"""The parent of the working groups' collections gets a restriction of its
own (members of any group and coordinators), so a document put there by
mistake is never public. New sites get it when the first group is made."""

from django.db import migrations

MEMBERSHIP_COORDINATORS = "Membership coordinators"
PRIVATE_COLLECTIONS_PARENT = "Working group documents (members only)"


def restrict(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")
    WorkingGroupPage = apps.get_model("groups", "WorkingGroupPage")
    parent = Collection.objects.filter(depth=2, name=PRIVATE_COLLECTIONS_PARENT).first()
    if parent is None:
        return
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=parent, restriction_type="groups"
    )
    restriction.groups.add(
        *Group.objects.filter(name=MEMBERSHIP_COORDINATORS),
        *Group.objects.filter(pk__in=WorkingGroupPage.objects.values("members_group")),
    )


class Migration(migrations.Migration):
    dependencies = [("groups", "0007_request_listing_index")]

    operations = [migrations.RunPython(restrict, migrations.RunPython.noop)]
