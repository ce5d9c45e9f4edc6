"""A Membership and the members group move together: Wagtail's collection
privacy checks the group, so removing a membership revokes access at once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from groups.models import Membership


@receiver(post_save, sender=Membership)
def add_to_members_group(sender, instance, **kwargs):
    instance.user.groups.add(instance.group.members_group)


@receiver(post_delete, sender=Membership)
def remove_from_members_group(sender, instance, **kwargs):
    instance.user.groups.remove(instance.group.members_group)
