"""New-document alerts: a document added to a group's collection (however it
gets there) or given a new file is e-mailed to the group's members, once
each, as each chose (at once, weekly digest, never), with a one-click
unsubscribe that works without logging in."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks import default_task_backend
from wagtail.models import Collection

from cms.mail import deliver_email
from groups import alerts
from groups.access import restrict_to_groups
from groups.models import DocumentAlert, GroupDocument, Membership
from groups.models.membership import Alerts

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def tax(join_groups):
    return join_groups[0]


@pytest.fixture
def health(join_groups):
    return join_groups[1]


@pytest.fixture
def public():
    return Collection.objects.get(name="Public")


@pytest.fixture
def ann(member_factory, tax, health):
    return member_factory("ann@example.org", tax, health)


@pytest.fixture
def bob(member_factory, tax):
    return member_factory("bob@example.org", tax)


@pytest.fixture
def outsider(member_factory, health):
    """A member of another group only."""
    return member_factory("olga@example.org", health)


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def link_path(message, prefix):
    """The path of the first link in the mail's text that starts with `prefix`."""
    return re.search(rf"http://127\.0\.0\.1:8000({prefix}\S*)", message.body).group(1)


def choose(user, group, choice):
    Membership.objects.filter(user=user, group=group).update(alerts=choice)


@pytest.fixture
def worker():
    """Tasks wait in a queue until `worker.run()` runs them, in order (and
    those they queue), as the worker process would."""

    class Worker:
        @property
        def queued(self):
            """The alerts' tasks waiting (Wagtail queues its own too)."""
            return [result.task.name for result in self.alert_tasks()]

        def alert_tasks(self):
            return [
                result
                for result in default_task_backend.results
                if result.task.func.__module__ == alerts.__name__
            ]

        def run_next(self):
            """Run the first alerts' task waiting."""
            result = self.alert_tasks()[0]
            default_task_backend.results.remove(result)
            result.task.call(*result.args, **result.kwargs)

        def run(self):
            """Run every task waiting, in order, and those they queue."""
            while default_task_backend.results:
                result = default_task_backend.results.pop(0)
                result.task.call(*result.args, **result.kwargs)

    with override_settings(TASKS=DUMMY_TASKS):
        yield Worker()


# Every way a document gets into a group's collection


def test_a_document_made_in_code_is_mailed_to_each_member_of_its_group(
    tax, ann, bob, outsider, coordinator, document_factory, mailoutbox
):
    document = document_factory(
        "Tax strategy memo", tax.collection, description="Where we go next."
    )

    assert recipients(mailoutbox) == ["ann@example.org", "bob@example.org"]
    message = mailoutbox[0]
    assert message.subject == f"New document for the {tax.title}: Tax strategy memo"
    assert "Where we go next." in message.body
    assert link_path(message, "/documents/") == document.url
    assert document.url in message.alternatives[0][0]


def test_every_alert_carries_a_one_click_unsubscribe(
    tax, ann, document_factory, mailoutbox
):
    document_factory("Tax strategy memo", tax.collection)

    (message,) = mailoutbox
    headers = message.message()
    unsubscribe = link_path(message, "/members/alerts/stop/")
    assert headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.alternatives[0][0]  # the visible link


def test_an_upload_in_the_admin_is_announced(client, coordinator, tax, ann, mailoutbox):
    client.force_login(coordinator)

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Budget brief",
            "collection": tax.collection_id,
            "file": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief"),
        },
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["ann@example.org"]
    assert "Budget brief" in message.subject


def test_a_multiple_upload_is_announced_once_its_title_is_edited(
    client, coordinator, tax, ann, mailoutbox
):
    client.force_login(coordinator)

    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief"),
            "collection": tax.collection_id,
        },
    )
    assert response.status_code == 200
    document = GroupDocument.objects.get()
    client.post(
        f"/admin/documents/multiple/{document.pk}/",
        {f"doc-{document.pk}-title": "Budget brief"},
    )

    (message,) = mailoutbox  # the edit that follows is no new document
    assert message.to == ["ann@example.org"]
    assert link_path(message, "/documents/") == document.url


def test_a_document_moved_into_a_group_is_announced(
    client, superuser, tax, ann, public, document_factory, mailoutbox
):
    document = document_factory("Annual report", public)
    assert mailoutbox == []  # public documents are nobody's alert
    client.force_login(superuser)  # who may edit both collections' documents

    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Annual report", "collection": tax.collection_id},
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["ann@example.org"]
    assert "Annual report" in message.subject


def test_documents_moved_in_bulk_are_announced(
    client, superuser, tax, ann, public, document_factory, mailoutbox
):
    first = document_factory("First paper", public)
    second = document_factory("Second paper", public)
    client.force_login(superuser)

    response = client.post(
        "/admin/bulk/groups/groupdocument/add_to_collection/"
        f"?id={first.pk}&id={second.pk}",
        {"collection": tax.collection_id},
    )

    assert response.status_code == 302
    assert sorted(m.subject.split(": ")[1] for m in mailoutbox) == [
        "First paper",
        "Second paper",
    ]


def test_a_new_file_is_announced_as_a_new_version(
    client, coordinator, tax, ann, document_factory, mailoutbox
):
    document = document_factory("Tax strategy memo", tax.collection)
    client.force_login(coordinator)

    client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Tax strategy memo",
            "collection": tax.collection_id,
            "file": SimpleUploadedFile("tax-strategy-memo.pdf", b"%PDF-1.4 v2"),
        },
    )
    document.file = ContentFile(b"%PDF-1.4 v3", name="memo.pdf")  # and in code
    document.save()

    assert [m.subject for m in mailoutbox] == [
        f"New document for the {tax.title}: Tax strategy memo",
        f"New version for the {tax.title}: Tax strategy memo",
        f"New version for the {tax.title}: Tax strategy memo",
    ]
    assert "A new version" in mailoutbox[1].body


def test_a_document_in_a_sub_collection_of_the_group_is_announced(
    tax, ann, outsider, document_factory, mailoutbox
):
    minutes = tax.collection.add_child(name="Minutes")

    document_factory("March minutes", minutes)

    assert recipients(mailoutbox) == ["ann@example.org"]


def test_public_documents_and_other_changes_send_nothing(
    tax, ann, public, document_factory, mailoutbox
):
    document_factory("Annual report", public)
    document = document_factory("Tax strategy memo", tax.collection)
    mailoutbox.clear()

    document.title = "Tax strategy memo (final)"
    document.save()
    document.file = ContentFile(b"%PDF-1.4 strategy", name="same.pdf")
    document.save()  # the same content again
    document.announcements.all().delete()  # as for a document older than alerts
    document.collection = tax.collection.add_child(name="Final")
    document.save()  # moved within the group: nothing new for its members

    assert mailoutbox == []


def test_a_sub_collection_closed_to_members_announces_nothing(
    tax, ann, coordinator, document_factory, mailoutbox
):
    staff_only = tax.collection.add_child(name="Staff notes")
    restrict_to_groups(staff_only, coordinator.groups.all())

    document_factory("Whip count", staff_only)

    assert mailoutbox == []


# Once, and only to members who want it


def test_a_document_is_announced_once_however_often_the_tasks_run(
    worker, tax, ann, bob, document_factory, mailoutbox
):
    document = document_factory("Tax strategy memo", tax.collection)
    assert worker.queued == ["fan_out"]  # all the web request does
    announcement = document.announcements.get()
    worker.run()
    assert len(mailoutbox) == 2

    alerts.fan_out.call(announcement.pk)  # a worker died after its work
    alerts.send_alerts.call(list(DocumentAlert.objects.values_list("pk", flat=True)))
    document.save()
    worker.run()

    assert recipients(mailoutbox) == ["ann@example.org", "bob@example.org"]


def test_many_members_are_sent_to_in_batches(
    worker,
    tax,
    member_factory,
    document_factory,
    mailoutbox,
    django_assert_max_num_queries,
):
    for number in range(alerts.SEND_BATCH + 1):
        Membership.objects.create(
            user=member_factory(f"m{number}@example.org"), group=tax
        )

    document_factory("Tax strategy memo", tax.collection)
    assert worker.queued == ["fan_out"]
    with django_assert_max_num_queries(12):  # however many members
        worker.run_next()

    assert worker.queued == ["send_alerts", "send_alerts"]
    worker.run()
    assert len(mailoutbox) == alerts.SEND_BATCH + 1


def test_a_member_removed_before_the_mail_goes_out_gets_nothing(
    worker, tax, ann, bob, document_factory, mailoutbox
):
    document_factory("Tax strategy memo", tax.collection)
    worker.run_next()  # the fan-out: alerts written, their sending queued

    Membership.objects.get(user=bob, group=tax).delete()
    worker.run()

    assert recipients(mailoutbox) == ["ann@example.org"]
    assert DocumentAlert.objects.sent().count() == 1
    assert not DocumentAlert.objects.unsent().exists()


def test_never_sends_nothing_and_weekly_waits_for_the_digest(
    tax, ann, bob, document_factory, mailoutbox
):
    choose(ann, tax, Alerts.NEVER)
    choose(bob, tax, Alerts.WEEKLY)

    document_factory("Tax strategy memo", tax.collection)

    assert mailoutbox == []
    (waiting,) = DocumentAlert.objects.unsent()
    assert waiting.user == bob and waiting.weekly


def test_the_weekly_digest_lists_the_documents_of_all_groups_in_one_mail(
    tax, health, ann, outsider, document_factory, mailoutbox
):
    choose(ann, tax, Alerts.WEEKLY)
    choose(ann, health, Alerts.WEEKLY)
    tax_memo = document_factory("Tax strategy memo", tax.collection)
    health_plan = document_factory("Health campaign plan", health.collection)
    assert recipients(mailoutbox) == ["olga@example.org"]  # at once, as default
    mailoutbox.clear()

    call_command("send_alert_digests")
    call_command("send_alert_digests")  # nothing left for a second run

    (digest,) = mailoutbox
    assert digest.to == ["ann@example.org"]
    assert digest.subject == "This week's new documents in your working groups"
    for group, document in ((tax, tax_memo), (health, health_plan)):
        assert group.title in digest.body
        assert f"http://127.0.0.1:8000{document.url}" in digest.body
    assert digest.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_leaves_out_groups_left_and_groups_turned_off(
    tax, health, ann, document_factory, mailoutbox
):
    choose(ann, tax, Alerts.WEEKLY)
    choose(ann, health, Alerts.WEEKLY)
    document_factory("Tax strategy memo", tax.collection)
    document_factory("Health campaign plan", health.collection)
    Membership.objects.get(user=ann, group=tax).delete()
    choose(ann, health, Alerts.NEVER)

    call_command("send_alert_digests")

    assert mailoutbox == []
    assert not DocumentAlert.objects.exists()


# The link in the mail


@pytest.mark.parametrize(
    ("who", "status"), [("ann", 200), ("olga", 403), ("nobody", 302)]
)
def test_the_link_in_the_mail_opens_the_document_for_members_only(
    client, tax, ann, outsider, document_factory, mailoutbox, who, status
):
    document_factory("Tax strategy memo", tax.collection)
    path = link_path(mailoutbox[0], "/documents/")
    people = {"ann": ann, "olga": outsider}
    if who in people:
        client.force_login(people[who])

    response = client.get(path)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


# One-click unsubscribe


@pytest.fixture
def unsubscribe_path(tax, ann, document_factory, mailoutbox):
    document_factory("Tax strategy memo", tax.collection)
    (message,) = mailoutbox
    return link_path(message, "/members/alerts/stop/")


def test_the_unsubscribe_link_asks_first(client, tax, ann, unsubscribe_path):
    response = client.get(unsubscribe_path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop e-mail about new documents?" in html
    assert tax.title in html
    assert Membership.objects.get(user=ann, group=tax).alerts == Alerts.IMMEDIATE


def test_one_click_stops_only_that_groups_alerts(
    client, tax, health, ann, unsubscribe_path
):
    choose(ann, health, Alerts.WEEKLY)
    client.cookies.clear()
    client.handler.enforce_csrf_checks = True  # as a mail client: no CSRF token

    response = client.post(unsubscribe_path, ONE_CLICK)

    assert response.status_code == 200
    assert "no more e-mail about new documents" in response.content.decode()
    tax_membership = Membership.objects.get(user=ann, group=tax)
    assert tax_membership.alerts == Alerts.NEVER
    assert Membership.objects.get(user=ann, group=health).alerts == Alerts.WEEKLY
    assert tax_membership.listed is False  # nothing else changed


def test_a_bad_or_spent_link_is_not_valid_for_anyone(
    client, tax, ann, unsubscribe_path
):
    token = unsubscribe_path.split("/")[-2]
    forged = alerts.unsubscribe_token([Membership(pk=9999)])[:-2] + "xx"
    answers = []
    for path in (
        f"/members/alerts/stop/{token[:-1]}x/",
        f"/members/alerts/stop/{forged}/",
        "/members/alerts/stop/WzFd:x:y/",
    ):
        answers.append(client.post(path, ONE_CLICK))
    Membership.objects.get(user=ann, group=tax).delete()
    answers.append(client.get(unsubscribe_path))

    assert {response.status_code for response in answers} == {404}
    assert all("This link is not valid" in r.content.decode() for r in answers)


# The member area


def test_members_choose_how_they_hear_of_new_documents(client, tax, ann):
    client.force_login(ann)
    html = client.get("/members/").content.decode()
    assert "New documents by e-mail" in html
    assert re.search(
        r'value="immediate" id="alerts-tax-fairness-immediate"[^>]*checked', html
    )

    response = client.post("/members/groups/tax-fairness/alerts/", {"alerts": "weekly"})

    assert response.status_code == 302
    assert Membership.objects.get(user=ann, group=tax).alerts == Alerts.WEEKLY
    page = client.get("/members/").content.decode()
    assert f"New documents of the {tax.title} will be in your weekly digest." in page


def test_a_bad_choice_changes_nothing(client, tax, ann, bob):
    client.force_login(bob)

    bad = client.post("/members/groups/tax-fairness/alerts/", {"alerts": "daily"})
    assert bad.status_code == 302
    assert "Choose how you want to hear" in client.get("/members/").content.decode()
    not_mine = client.post("/members/groups/health-reform/alerts/", {"alerts": "never"})

    assert not_mine.status_code == 404
    assert set(Membership.objects.values_list("alerts", flat=True)) == {
        Alerts.IMMEDIATE
    }


# What staff see


def test_the_document_editor_says_when_and_to_how_many_it_was_announced(
    client, coordinator, tax, ann, bob, document_factory
):
    choose(bob, tax, Alerts.WEEKLY)
    document = document_factory("Tax strategy memo", tax.collection)
    client.force_login(coordinator)

    html = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()

    assert "Announced to members" in html
    assert "e-mailed to 1 member " in html
    assert "1 still to send" in html


def test_a_failed_delivery_is_retried_with_its_headers(worker, monkeypatch):
    def refuse(message):
        raise OSError("connection refused")

    monkeypatch.setattr("cms.mail.EmailMultiAlternatives.send", refuse)
    headers = {"List-Unsubscribe": "<https://example.org/stop/>"}

    deliver_email.call(to=["ann@example.org"], subject="S", text="T", headers=headers)

    (retry,) = default_task_backend.results
    assert retry.kwargs["headers"] == headers and retry.kwargs["attempt"] == 2
