"""Who hears of a group's sign-ups is membership data: coordinators set it in
the Membership menu, Editors can't (not through the page, nor any admin
address), and every change is in the audit log."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from groups.models import GroupNotificationSettings
from tests.helpers import confirmation_path, sign_up

STAFF = ["staff@example.org"]
THIEF = "thief@example.net"
INDEX = "/admin/groups/groupnotificationsettings/"
TAX_NOTICE = "New request to join the Tax Fairness Working Group"


@pytest.fixture(autouse=True)
def staff_default(settings):
    settings.STAFF_NOTIFY_EMAIL = STAFF


@pytest.fixture
def tax(join_groups):
    return join_groups[0]


def notice_recipients(client):
    """Sign up and confirm; who got the tax group's notice."""
    client.logout()
    mail.outbox.clear()
    client.post("/join/", sign_up())
    link = confirmation_path(mail.outbox[0])
    mail.outbox.clear()
    client.post(link)
    return {message.subject: message.to for message in mail.outbox}[TAX_NOTICE]


def test_an_editor_publishing_the_page_with_addresses_changes_nothing(
    client, editor, tax
):
    client.force_login(editor)

    response = client.post(
        f"/admin/pages/{tax.pk}/edit/",
        nested_form_data(
            {
                "title": tax.title,
                "slug": tax.slug,
                "summary": tax.summary,
                "description": rich_text(tax.description),
                "principles_intro": tax.principles_intro,
                "closing_text": rich_text(""),
                "principles": inline_formset(
                    [
                        {"id": p.pk, "text": p.text, "ORDER": str(i)}
                        for i, p in enumerate(tax.principles.all())
                    ],
                    initial=tax.principles.count(),
                ),
                "notification_emails": THIEF,
                "action-publish": "action-publish",
            }
        ),
    )

    assert response.status_code == 302  # published
    assert not GroupNotificationSettings.objects.exists()
    assert notice_recipients(client) == STAFF


def test_the_page_editor_has_no_notification_field(client, editor, tax):
    client.force_login(editor)

    html = client.get(f"/admin/pages/{tax.pk}/edit/").content.decode()

    assert "notification_emails" not in html


@pytest.fixture
def settings_row(tax):
    return GroupNotificationSettings.objects.create(
        group=tax, emails="tax-team@example.org"
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "create/"),
        ("post", "create/"),
        ("get", "edit/{pk}/"),
        ("post", "edit/{pk}/"),
        ("get", "delete/{pk}/"),
        ("post", "delete/{pk}/"),
    ],
)
def test_an_editor_cannot_reach_the_notification_addresses(
    client, editor, tax, settings_row, method, path
):
    client.force_login(editor)

    response = getattr(client, method)(
        INDEX + path.format(pk=settings_row.pk),
        {"group": tax.pk, "emails": THIEF},
    )

    assert response.status_code == 403
    assert "tax-team@example.org" not in response.content.decode()
    settings_row.refresh_from_db()
    assert settings_row.emails == "tax-team@example.org"
    assert GroupNotificationSettings.objects.count() == 1


def test_a_coordinator_sets_the_addresses_and_the_notice_goes_there(
    client, coordinator, tax
):
    client.force_login(coordinator)

    response = client.post(
        INDEX + "create/",
        {"group": tax.pk, "emails": "tax-team@example.org\nlead@example.org"},
    )

    assert response.status_code == 302
    assert notice_recipients(client) == ["tax-team@example.org", "lead@example.org"]


def test_each_change_is_in_the_audit_log_with_who_and_where(
    client, coordinator, tax, settings_row
):
    client.force_login(coordinator)

    client.post(
        INDEX + f"edit/{settings_row.pk}/",
        {"group": tax.pk, "emails": "new-lead@example.org"},
    )
    client.post(INDEX + f"delete/{settings_row.pk}/")

    entries = ModelLogEntry.objects.filter(
        content_type__model="groupnotificationsettings"
    ).order_by("timestamp")
    assert [(e.action, e.user, e.label) for e in entries] == [
        (
            "wagtail.edit",
            coordinator,
            "Tax Fairness Working Group → new-lead@example.org",
        ),
        (
            "wagtail.delete",
            coordinator,
            "Tax Fairness Working Group → new-lead@example.org",
        ),
    ]
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Tax Fairness Working Group → new-lead@example.org" in history
    assert notice_recipients(client) == STAFF  # deleted: the site's default again


def test_an_address_that_is_not_one_is_refused(client, coordinator, tax):
    client.force_login(coordinator)

    response = client.post(
        INDEX + "create/", {"group": tax.pk, "emails": "tax-team at example"}
    )

    assert "is not an e-mail address" in response.content.decode()
    assert not GroupNotificationSettings.objects.exists()
