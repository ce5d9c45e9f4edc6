"""Principles that change: a published change of a group's principles asks
its members (once, by e-mail, and in the member area) to review the diff and
agree, or leave; a group may give them N days, after which their access to
the documents pauses until they agree."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from groups import principles
from groups.models import Membership, WorkingGroupPrinciple
from groups.principles import Line, diff

# --- the diff --------------------------------------------------------------


def test_diff_of_identical_lists_is_all_same():
    assert diff(["a", "b"], ["a", "b"]) == [Line("same", "a"), Line("same", "b")]


def test_diff_shows_added_removed_and_reworded_principles():
    old = ["Taxes should be fair.", "Revenue funds schools.", "Drop this."]
    new = ["Taxes should be fair.", "Revenue funds public schools.", "A new one."]

    assert diff(old, new) == [
        Line("same", "Taxes should be fair."),
        Line("changed", "Revenue funds public schools.", was="Revenue funds schools."),
        Line("removed", "Drop this."),
        Line("added", "A new one."),
    ]
    assert diff(["a"], ["a", "b"]) == [Line("same", "a"), Line("added", "b")]
    assert diff(["a", "b"], ["b"]) == [Line("removed", "a"), Line("same", "b")]


def test_diff_shows_a_reordered_principle_as_moved_once():
    assert diff(["a", "b", "c"], ["c", "a", "b"]) == [
        Line("moved", "c"),
        Line("same", "a"),
        Line("same", "b"),
    ]


def test_diff_from_nothing_recorded_shows_every_principle_as_added():
    assert diff([], ["a", "b"]) == [Line("added", "a"), Line("added", "b")]


# --- noticing a change -----------------------------------------------------


def publish_principles(group, texts, **fields):
    """Publish the group's page with these principles (as the editor does)."""
    page = group.get_latest_revision_as_object()
    page.principles = [WorkingGroupPrinciple(text=text) for text in texts]
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.save_revision()
    revision.publish()
    group.refresh_from_db()
    return revision


@pytest.fixture
def member(member_factory, group_page):
    """A member who agreed to the group's principles as first published."""
    user = member_factory("ann@example.org", group_page)
    Membership.objects.filter(user=user).update(
        agreed_revision=group_page.live_revision, agreed_at=timezone.now()
    )
    return user


def review_mails(mailoutbox):
    return [m for m in mailoutbox if "changed its principles" in m.subject]


def test_other_edits_ask_nobody_anything(group_page, member, mailoutbox):
    publish_principles(
        group_page,
        ["First principle.", "Second principle.", "Third principle."],
        summary="A new summary.",
        principles_intro="We hold that:",
    )

    assert group_page.principles_changed_at is None
    assert not review_mails(mailoutbox)
    assert not Membership.objects.behind_on_principles().exists()


@pytest.mark.parametrize(
    "texts",
    [
        ["First principle.", "Second principle.", "Third principle.", "Fourth."],
        ["First principle.", "Third principle."],
        ["First principle.", "Second principle, reworded.", "Third principle."],
        ["Third principle.", "First principle.", "Second principle."],
    ],
    ids=["added", "removed", "reworded", "reordered"],
)
def test_a_published_change_asks_each_member_once_by_email(
    group_page, member, member_factory, mailoutbox, texts
):
    other = member_factory("bob@example.org", group_page)  # nothing recorded
    revision = publish_principles(group_page, texts)

    assert group_page.principles_revision == revision
    assert group_page.principles_changed_at is not None
    mails = review_mails(mailoutbox)
    assert sorted(m.to[0] for m in mails) == [member.email, other.email]
    assert (
        "http://127.0.0.1:8000/members/groups/immigration/principles/" in mails[0].body
    )
    assert "You keep your access" in mails[0].body
    assert set(Membership.objects.behind_on_principles()) == set(
        Membership.objects.all()
    )

    # The task run again (a worker's retry) sends nothing more.
    principles.ask_members_to_review.call(
        group_id=group_page.pk, revision_id=revision.pk
    )
    assert len(review_mails(mailoutbox)) == 2


def test_a_draft_asks_nobody(group_page, member, mailoutbox):
    page = group_page.get_latest_revision_as_object()
    page.principles = [WorkingGroupPrinciple(text="Only in a draft.")]
    page.save_revision()

    group_page.refresh_from_db()
    assert group_page.principles_changed_at is None
    assert not review_mails(mailoutbox)


def test_a_change_undone_asks_nobody_to_review_the_same_words(
    group_page, member, mailoutbox, client
):
    original = ["First principle.", "Second principle.", "Third principle."]
    publish_principles(group_page, [*original, "Fourth."])
    mailoutbox.clear()
    publish_principles(group_page, original)

    assert not review_mails(mailoutbox)
    assert not Membership.objects.behind_on_principles().exists()


def test_a_member_approved_after_a_change_is_asked_too(
    group_page, membership_request_factory, mailoutbox
):
    old_request = membership_request_factory(group_page, email="cy@example.org")
    publish_principles(group_page, ["A different principle."])

    old_request.approve()

    assert [m.to for m in review_mails(mailoutbox)] == [["cy@example.org"]]
    membership = Membership.objects.get(user__email="cy@example.org")
    assert membership.agreed_revision == old_request.agreed_revision
    assert membership.behind_on_principles


# --- the member reviews and agrees -----------------------------------------


def test_the_member_sees_the_notice_and_the_diff_agrees_and_it_disappears(
    client, group_page, member
):
    publish_principles(
        group_page, ["First principle.", "Second principle, reworded.", "New one."]
    )
    client.force_login(member)

    home = client.get("/members/").content.decode()
    assert "The Immigration Working Group changed its principles" in home
    review_url = reverse("members_principles", args=["immigration"])
    assert review_url in home

    page = client.get(review_url).content.decode()
    assert "Reworded" in page and "Second principle, reworded." in page
    assert "It said: <del>Second principle.</del>" in page
    assert "Removed" in page and "<del>Third principle.</del>" in page
    assert "Added" in page and "New one." in page
    assert "Leave the group" in page

    response = client.post(
        review_url, {"version": group_page.principles_revision_id}, follow=True
    )
    assert "Thank you: you agree to the Immigration Working Group" in (
        response.content.decode()
    )
    membership = Membership.objects.get(user=member)
    assert membership.agreed_revision == group_page.principles_revision
    assert not membership.behind_on_principles
    assert "changed its principles" not in client.get("/members/").content.decode()


def test_agreeing_to_a_version_changed_meanwhile_records_nothing(
    client, group_page, member
):
    seen = publish_principles(group_page, ["Version two."])
    publish_principles(group_page, ["Version three."])
    client.force_login(member)

    response = client.post(
        reverse("members_principles", args=["immigration"]),
        {"version": seen.pk},
        follow=True,
    )

    assert "changed again while you were reading" in response.content.decode()
    assert Membership.objects.get(user=member).behind_on_principles


def test_only_members_review_a_groups_principles(client, group_page, member_factory):
    client.get("/")  # anonymous: sent to log in
    url = reverse("members_principles", args=["immigration"])
    assert client.get(url).status_code == 302
    client.force_login(member_factory("stranger@example.org"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1"}).status_code == 404


# --- the deadline ----------------------------------------------------------


@pytest.fixture
def overdue(group_page, member, document_factory):
    """A change published eight days ago in a group that gives seven."""
    document = document_factory("Strategy memo", group_page.collection)
    publish_principles(group_page, ["Changed."], principles_agreement_days=7)
    eight_days_ago = timezone.now() - timedelta(days=8)
    group_page.__class__.objects.filter(pk=group_page.pk).update(
        principles_changed_at=eight_days_ago
    )
    Membership.objects.update(agreed_at=eight_days_ago - timedelta(days=1))
    return document


def document_paths_open_to(client, group, document):
    """Which ways to the document let the member through."""
    return {
        "download": client.get(document.url).status_code == 200,
        "my groups": "Strategy memo" in client.get("/members/").content.decode(),
        "my documents": "Strategy memo"
        in client.get("/members/documents/?q=Strategy").content.decode(),
        "api": any(
            d["id"] == document.pk
            for d in client.get("/api/v2/documents/").json()["items"]
        ),
        "group page": "Strategy memo" in client.get(group.url).content.decode(),
    }


def test_without_a_deadline_members_keep_their_access(
    client, group_page, member, document_factory
):
    document = document_factory("Strategy memo", group_page.collection)
    publish_principles(group_page, ["Changed."])
    principles.apply_deadline.call(group_id=group_page.pk)

    client.force_login(member)
    assert all(document_paths_open_to(client, group_page, document).values())


def test_past_the_deadline_access_pauses_on_every_path_until_they_agree(
    client, group_page, member, overdue, mailoutbox
):
    client.force_login(member)
    assert all(document_paths_open_to(client, group_page, overdue).values())

    assert principles.apply_deadline.call(group_id=group_page.pk)["paused"] == 1

    membership = Membership.objects.get(user=member)
    assert membership.paused_at is not None
    assert not member.groups.filter(pk=group_page.members_group_id).exists()
    assert not any(document_paths_open_to(client, group_page, overdue).values())
    refused = client.get(overdue.url)
    assert refused.status_code == 403
    assert "paused until you agree" in refused.content.decode()
    assert "paused until you agree" in client.get("/members/").content.decode()
    # Another save of the membership (the directory choice) doesn't undo it.
    client.post(
        reverse("members_directory_listing", args=["immigration"]), {"listed": "on"}
    )
    assert not any(document_paths_open_to(client, group_page, overdue).values())

    client.post(
        reverse("members_principles", args=["immigration"]),
        {"version": group_page.principles_revision_id},
    )

    assert Membership.objects.get(user=member).paused_at is None
    assert all(document_paths_open_to(client, group_page, overdue).values())


def test_raising_the_days_gives_access_back(group_page, member, overdue):
    principles.apply_deadline.call(group_id=group_page.pk)
    page = group_page.get_latest_revision_as_object()
    page.principles_agreement_days = 30
    page.save_revision().publish()  # applies the deadline again

    assert Membership.objects.get(user=member).paused_at is None
    assert (
        Group.objects.get(pk=group_page.members_group_id)
        .user_set.filter(pk=member.pk)
        .exists()
    )


def test_a_member_approved_past_the_deadline_starts_paused(
    group_page, membership_request_factory, overdue
):
    old_request = membership_request_factory(group_page, email="cy@example.org")
    old_request.agreed_at = timezone.now() - timedelta(days=30)
    old_request.save()

    old_request.approve()

    membership = Membership.objects.get(user__email="cy@example.org")
    assert membership.paused_at is not None
    assert not membership.user.groups.filter(pk=group_page.members_group_id).exists()


# --- coordinators ----------------------------------------------------------

MEMBERS_ADMIN = "/admin/groups/membership/"


def test_coordinators_filter_and_export_who_hasnt_agreed(
    client, coordinator, group_page, member, member_factory
):
    publish_principles(group_page, ["Changed."])
    agreed = member_factory("bea@example.org", group_page)
    Membership.objects.filter(user=agreed).update(
        agreed_revision=group_page.principles_revision, agreed_at=timezone.now()
    )
    client.force_login(coordinator)

    listing = client.get(MEMBERS_ADMIN).content.decode()
    assert "Not agreed to the current ones" in listing
    assert "Agreed to the current ones" in listing
    assert f"Page revision {group_page.principles_revision_id}, published" in listing

    behind = client.get(MEMBERS_ADMIN, {"principles": "behind"}).content.decode()
    assert "ann@example.org" in behind and "bea@example.org" not in behind
    current = client.get(MEMBERS_ADMIN, {"principles": "current"}).content.decode()
    assert "bea@example.org" in current and "ann@example.org" not in current

    response = client.get(MEMBERS_ADMIN, {"principles": "behind", "export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["E-Mail"] for row in rows] == ["ann@example.org"]
    assert rows[0]["Principles"] == "Not agreed to the current ones"
    assert rows[0]["Version Agreed To"].startswith("Page revision ")
    assert rows[0]["Agreed To The Principles"] != "-"
    assert rows[0]["Access Paused"] == "-"


def test_editors_see_nothing_of_who_agreed(client, editor, group_page, member):
    client.force_login(editor)
    assert client.get(MEMBERS_ADMIN, {"principles": "behind"}).status_code == 403
