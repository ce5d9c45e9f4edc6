"""New-document alerts: when a document lands in a working group's private
collection (uploaded, moved in, or given a new file), the group's members
are told by e-mail, at once or in a weekly digest, as each chose.

Why in steps, each its own task: the web request only writes an
announcement and queues one fan-out (in the transaction that saves the
document: with the database task queue, both exist exactly when it does); the fan-out writes one alert per member
and queues their sending in batches; each send marks its alert sent in the
same transaction that queues the e-mail. An alert is unique per announcement
and member, and an announcement per document and file content: a task run
twice, a worker dying mid-batch, or the document saved again sends nothing
twice. Whether the person is still a member who wants it is asked when the
mail is queued, not when the document arrived.
"""

from django.core import signing
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.models import Collection

from cms.mail import queue_email
from cms.paths import absolute_url
from groups.access import may_view_collection, private_collections
from groups.documents import group_of
from groups.models import (
    DocumentAlert,
    DocumentAnnouncement,
    Membership,
    WorkingGroupPage,
)
from groups.models.membership import Alerts

SEND_BATCH = 50  # alerts per sending task
UNSUBSCRIBE_SALT = "groups.alerts.unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058's POST body


def change_to_announce(document):
    """What saving `document` (not saved yet) brings its group's members:
    "added" (new, or moved in from outside its group), "replaced" (a new
    file) or None."""
    if document.pk is None:
        return "added"
    before = (
        type(document)
        .objects.filter(pk=document.pk)
        .values_list("collection_id", flat=True)
        .first()
    )
    if before is None:
        return "added"
    if document.has_new_file:
        return "replaced"
    return "added" if moved_into_group(before, document.collection) else None


def moved_into_group(old_collection_id, collection):
    """Whether a document moved from `old_collection_id` to `collection`
    lands in a working group it was not in (a move within a group, to a
    sub-collection, is no news to its members)."""
    if old_collection_id == collection.pk:
        return False
    new_group = group_holding(collection)
    old = Collection.objects.filter(pk=old_collection_id).first()
    return new_group is not None and (old is None or group_holding(old) != new_group)


def announce(document, replaced=False):
    """Queue the announcement of `document`, if it is in a working group's
    collection. The same file announced again (moved back, saved again)
    reaches only members who have not heard of it."""
    if not private_collections().filter(pk=document.collection_id).exists():
        return None
    announcement, _ = DocumentAnnouncement.objects.get_or_create(
        document=document,
        file_hash=document.file_hash,
        defaults={"replaced": replaced},
    )
    fan_out.enqueue(announcement.pk)
    return announcement


def group_holding(collection):
    """The working group whose collection holds `collection` (any group,
    published or not: the e-mail goes to its own members only)."""
    return group_of(collection, groups=WorkingGroupPage.objects.all())


@task()
def fan_out(announcement_id):
    """One alert per member who wants them, then their sending in batches."""
    announcement = (
        DocumentAnnouncement.objects.select_related("document__collection")
        .filter(pk=announcement_id)
        .first()
    )
    group = announcement and group_holding(announcement.document.collection)
    if group is None:
        return {"alerts": 0}
    DocumentAlert.objects.bulk_create(
        [
            DocumentAlert(
                announcement=announcement,
                user_id=user_id,
                weekly=choice == Alerts.WEEKLY,
            )
            for user_id, choice in Membership.objects.filter(group=group)
            .exclude(alerts=Alerts.NEVER)
            .values_list("user_id", "alerts")
        ],
        ignore_conflicts=True,  # those written by an earlier run stay as they are
        batch_size=1000,
    )
    waiting = list(
        announcement.alerts.unsent()
        .filter(weekly=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(waiting), SEND_BATCH):
        send_alerts.enqueue(waiting[start : start + SEND_BATCH])
    return {"alerts": len(waiting)}


def recipient_membership(user, document):
    """The membership through which `user` may hear of `document` now: they
    are (still) in the group holding it, want its alerts, and may open it.
    None otherwise."""
    group = group_holding(document.collection)
    if group is None:
        return None
    membership = (
        Membership.objects.filter(user=user, group=group)
        .exclude(alerts=Alerts.NEVER)
        .select_related("group")
        .first()
    )
    if membership is None or not may_view_collection(user, document.collection):
        return None
    return membership


def unsent_alerts():
    """Alerts not sent yet, locked for this transaction; those another
    worker holds are skipped (it is sending them)."""
    return (
        DocumentAlert.objects.unsent()
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("announcement__document__collection", "user")
    )


@task()
def send_alerts(alert_ids):
    """Queue the e-mail of each alert not sent yet, one by one."""
    sent = 0
    for alert_id in alert_ids:
        with transaction.atomic():
            alert = unsent_alerts().filter(pk=alert_id).first()
            if alert is None:
                continue
            document = alert.announcement.document
            membership = recipient_membership(alert.user, document)
            if membership is None:
                alert.delete()  # left, removed, or said never meanwhile
                continue
            queue_email(
                "document_alert",
                [alert.user.email],
                {
                    "user": alert.user,
                    "group": membership.group,
                    "document": document,
                    "replaced": alert.announcement.replaced,
                    "document_url": absolute_url(document.url),
                    "unsubscribe_url": unsubscribe_url([membership]),
                    "member_area_url": absolute_url(reverse("members_home")),
                },
                headers=unsubscribe_headers([membership]),
            )
            alert.sent_at = timezone.now()
            alert.save(update_fields=["sent_at"])
            sent += 1
    return {"sent": sent}


def queue_weekly_digests():
    """One digest task per member with weekly alerts waiting; returns how
    many (the `send_alert_digests` command, run weekly)."""
    user_ids = list(
        DocumentAlert.objects.unsent()
        .filter(weekly=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    for user_id in user_ids:
        send_digest.enqueue(user_id)
    return len(user_ids)


@task()
@transaction.atomic
def send_digest(user_id):
    """One e-mail listing a member's waiting weekly alerts, by group."""
    alerts = list(
        unsent_alerts()
        .filter(user_id=user_id, weekly=True)
        .order_by("announcement__created_at", "pk")
    )
    by_group, dropped = {}, []
    for alert in alerts:
        membership = recipient_membership(alert.user, alert.announcement.document)
        if membership is None:
            dropped.append(alert.pk)
            continue
        by_group.setdefault(membership, []).append(alert.announcement)
    DocumentAlert.objects.filter(pk__in=dropped).delete()
    if not by_group:
        return {"documents": 0}
    user, memberships = alerts[0].user, list(by_group)
    queue_email(
        "document_digest",
        [user.email],
        {
            "user": user,
            "groups": [
                {
                    "group": membership.group,
                    "documents": [
                        {
                            "document": a.document,
                            "replaced": a.replaced,
                            "url": absolute_url(a.document.url),
                        }
                        for a in announcements
                    ],
                }
                for membership, announcements in by_group.items()
            ],
            "unsubscribe_url": unsubscribe_url(memberships),
            "member_area_url": absolute_url(reverse("members_home")),
        },
        headers=unsubscribe_headers(memberships),
    )
    sent = [a.pk for a in alerts if a.pk not in dropped]
    DocumentAlert.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return {"documents": len(sent)}


def unsubscribe_token(memberships):
    """A link that stops the alerts of exactly these memberships; it says
    nothing readable about whose they are."""
    return signing.dumps(
        sorted(membership.pk for membership in memberships), salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_url(memberships):
    return absolute_url(
        reverse("members_alerts_unsubscribe", args=[unsubscribe_token(memberships)])
    )


def unsubscribe_headers(memberships):
    """RFC 8058 one-click unsubscribe: mail clients POST to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(memberships)}>",
        "List-Unsubscribe-Post": ONE_CLICK,
    }


def memberships_to_unsubscribe(token):
    """The memberships an unsubscribe link names that still exist (none for
    a link altered, or whose memberships have all ended)."""
    try:
        ids = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return Membership.objects.none()
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        return Membership.objects.none()
    return Membership.objects.filter(pk__in=ids).select_related("group")


def stop_alerts(memberships):
    """No more new-document e-mail for these memberships (nothing else changes)."""
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(
        alerts=Alerts.NEVER
    )


def announcements_of(document):
    """When `document` was announced and to how many members: each
    announcement, newest first, with the e-mails sent and still waiting
    (for a weekly digest)."""
    return document.announcements.annotate(
        sent=Count("alerts", filter=Q(alerts__sent_at__isnull=False)),
        waiting=Count("alerts", filter=Q(alerts__sent_at__isnull=True)),
        last_sent_at=Max("alerts__sent_at"),
    ).order_by("-created_at")
