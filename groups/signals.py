"""A Membership and the members group move together: Wagtail's collection
privacy checks the group, so removing a membership (or pausing its access)
revokes access at once. A published change of a group's principles asks its
members to review it. Downloads of private documents are recorded, new ones
announced to the group's members (groups.alerts), and a person who deletes
their account is forgotten by the membership lifecycle."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents.models import document_served
from wagtail.signals import page_published

from accounts.signals import account_deleting
from groups import alerts, lifecycle, principles
from groups.models import (
    DocumentDownload,
    GroupDocument,
    Membership,
    WorkingGroupPage,
)


@receiver(post_save, sender=Membership)
def add_to_members_group(sender, instance, **kwargs):
    # A member whose access is paused (the group's principles changed and
    # its deadline to agree passed) stays a member outside the group.
    if instance.paused_at is None:
        instance.user.groups.add(instance.group.members_group)
    else:
        instance.user.groups.remove(instance.group.members_group)


@receiver(post_delete, sender=Membership)
def remove_from_members_group(sender, instance, **kwargs):
    instance.user.groups.remove(instance.group.members_group)


@receiver(page_published, sender=WorkingGroupPage)
def notice_changed_principles(sender, instance, revision, **kwargs):
    principles.record_publication(instance, revision)


@receiver(document_served)
def record_private_download(sender, instance, request, **kwargs):
    """Who downloaded which private document (sent after Wagtail's privacy
    check let them through)."""
    if request.user.is_authenticated and instance.collection.get_view_restrictions():
        DocumentDownload.objects.create(document=instance, user=request.user)


@receiver(account_deleting)
def forget_the_person(sender, user, **kwargs):
    return lifecycle.forget(user)


@receiver(pre_save, sender=GroupDocument)
def note_what_to_announce(sender, instance, raw=False, **kwargs):
    instance._announce = None if raw else alerts.change_to_announce(instance)


@receiver(post_save, sender=GroupDocument)
def announce_to_members(sender, instance, **kwargs):
    """A document added to a group's collection, moved into it or given a
    new file is announced to the group's members (however it was saved)."""
    change, instance._announce = getattr(instance, "_announce", None), None
    if change:
        alerts.announce(instance, replaced=change == "replaced")
