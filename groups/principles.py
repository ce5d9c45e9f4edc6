"""A group's principles as versions: noticing that a published revision
changed them, asking each member who agreed to an earlier version (once, by
e-mail) to review the change, what changed (the diff they review), and the
group's optional deadline after which a member's access pauses until they
agree. Agreeing itself is the lifecycle's (groups.lifecycle.agree_to_principles).

A change is an added, removed, reworded or reordered principle; other edits
of the page (its description, the line before the list) ask nobody anything.
"""

import difflib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cms.mail import queue_email
from cms.paths import absolute_url
from groups.models import Membership, WorkingGroupPage

logger = logging.getLogger(__name__)
# How alike (difflib's ratio) two principles must read for the new one to
# show as the old one reworded rather than as one removed and one added.
REWORDED = 0.5


def texts_of(revision):
    """The principles of a page revision, in order, as their texts."""
    if revision is None:
        return []
    rows = revision.content.get("principles") or []
    # As the live page orders them: by sort_order, unnumbered ones last (as
    # PostgreSQL sorts NULL), in the order they were saved.
    ordered = sorted(
        enumerate(rows),
        key=lambda item: (
            item[1].get("sort_order") is None,
            item[1].get("sort_order") or 0,
            item[0],
        ),
    )
    return [" ".join(str(row.get("text", "")).split()) for _, row in ordered]


@dataclass(frozen=True)
class Line:
    """One line of the diff: `kind` is same, added, removed, changed (a
    principle reworded: `was` holds the old words) or moved (the same words
    elsewhere in the list)."""

    kind: str
    text: str
    was: str = ""


def diff(old, new):
    """What changed from the `old` list of principles to the `new` one, in
    the new order, with removed principles where they were."""
    lines = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("same", text) for text in new[j1:j2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # A replaced block pairs its principles up in order: one that reads
        # much like the one it replaces was reworded; otherwise one went and
        # another came.
        paired = min(len(removed), len(added))
        for was, text in zip(removed[:paired], added[:paired], strict=True):
            if similar(was, text):
                lines.append(Line("changed", text, was=was))
            else:
                lines += [Line("removed", was), Line("added", text)]
        lines += [Line("removed", text) for text in removed[paired:]]
        lines += [Line("added", text) for text in added[paired:]]
    # The same words removed in one place and added in another moved.
    removed = {line.text for line in lines if line.kind == "removed"}
    added = {line.text for line in lines if line.kind == "added"}
    moved = removed & added
    return [
        Line("moved", line.text)
        if line.kind == "added" and line.text in moved
        else line
        for line in lines
        if not (line.kind == "removed" and line.text in moved)
    ]


def similar(was, text):
    return difflib.SequenceMatcher(a=was, b=text, autojunk=False).ratio() >= REWORDED


def record_publication(page, revision):
    """Called for every published revision of a group's page: if its
    principles differ from the current ones, they are the new current
    version, and the members are asked to review it (by a task, so a
    publish never sends a thousand e-mails itself). The deadline, if the
    group has one, is applied again (its number of days may have changed)."""
    with transaction.atomic():
        group = (
            WorkingGroupPage.objects.select_for_update(of=("self",))
            .select_related("principles_revision")
            .get(pk=page.pk)
        )
        groups = WorkingGroupPage.objects.filter(pk=group.pk)
        if group.principles_revision is None:
            # The first publication: nobody can have agreed to anything older.
            groups.update(principles_revision=revision)
        elif texts_of(group.principles_revision) != texts_of(revision):
            groups.update(
                principles_revision=revision, principles_changed_at=timezone.now()
            )
            # With the database task backend, the task is a row written in
            # this transaction: it exists exactly when the change does.
            ask_members_to_review.enqueue(group_id=group.pk, revision_id=revision.pk)
        apply_deadline.enqueue(group_id=group.pk)


@task()
def ask_members_to_review(group_id, revision_id):
    """E-mail each member who agreed to an earlier version of the group's
    principles, once for this change. A member whose agreed principles read
    exactly as the new ones (a change undone) is recorded as agreeing."""
    group = (
        WorkingGroupPage.objects.select_related("principles_revision")
        .filter(pk=group_id)
        .first()
    )
    if group is None or group.principles_revision_id != revision_id:
        return {"asked": 0}  # changed again since: that change's task asks
    current = texts_of(group.principles_revision)
    asked = 0
    behind = (
        Membership.objects.filter(group=group)
        .behind_on_principles()
        .exclude(asked_revision_id=revision_id)
        .select_related("user", "agreed_revision")
    )
    for membership in behind.iterator(chunk_size=500):
        with transaction.atomic():
            if (
                membership.agreed_revision
                and texts_of(membership.agreed_revision) == current
            ):
                Membership.objects.filter(pk=membership.pk).update(
                    agreed_revision_id=revision_id, agreed_at=timezone.now()
                )
                continue
            # Marked and mailed in one transaction, and only by whoever marks
            # it: a task run twice sends one e-mail.
            marked = (
                Membership.objects.filter(pk=membership.pk)
                .exclude(asked_revision_id=revision_id)
                .update(asked_revision_id=revision_id)
            )
            if marked:
                queue_email(
                    "principles_changed",
                    [membership.user.email],
                    {
                        "user": membership.user,
                        "group": group,
                        "review_url": absolute_url(review_path(group)),
                        "deadline": group.principles_deadline(),
                    },
                )
                asked += 1
    return {"asked": asked}


def review_path(group):
    return reverse("members_principles", args=[group.slug])


def should_pause(membership, now=None):
    """Whether the member's access to the documents pauses now: the
    group's deadline to agree to its changed principles has passed."""
    deadline = membership.group.principles_deadline()
    return (
        deadline is not None
        and (now or timezone.now()) >= deadline
        and membership.behind_on_principles
    )


@task()
def apply_deadline(group_id):
    """Pause the access of the group's members who missed its deadline to
    agree to its changed principles, and give it back to those for whom the
    deadline went (the days were raised or emptied). Runs again by itself
    when a deadline is ahead."""
    group = WorkingGroupPage.objects.filter(pk=group_id).first()
    if group is None:
        return {"paused": 0, "resumed": 0}
    now = timezone.now()
    members = Membership.objects.filter(group=group).select_related("user", "group")
    paused = resumed = 0
    for membership in members.filter(paused_at=None).behind_on_principles():
        if should_pause(membership, now):
            membership.paused_at = now
            membership.save(update_fields=["paused_at"])  # leaves the members group
            paused += 1
    for membership in members.exclude(paused_at=None):
        if not should_pause(membership, now):
            membership.paused_at = None
            membership.save(update_fields=["paused_at"])  # back in the members group
            resumed += 1
    deadline = group.principles_deadline()
    if deadline is not None and deadline > now:
        if apply_deadline.get_backend().supports_defer:
            apply_deadline.using(run_after=deadline).enqueue(group_id=group_id)
        else:
            logger.warning("The task backend can't defer: no deadline for %s", group)
    return {"paused": paused, "resumed": resumed}
