"""Nothing of a working group's private collection reaches an admin user
without access to it: not a title, a file name or a count, on any admin view.

Each view is visited by an Editor (pages and the Public collection only) with
the ids of a private document, and by a membership coordinator (who manages
the private collections), who must see what the Editor must not, so that
every case can fail.
"""

import os

import pytest
from wagtail.log_actions import log
from wagtail.models import Collection

TITLE = "Caucus whip count"
APPLICANT = "Philippa Petitioner"


@pytest.fixture
def private(join_groups, document_factory, coordinator, membership_request_factory):
    """A private document of the tax group, its log entries, and a decided
    membership request, each recorded in the audit log by the coordinator."""
    tax = join_groups[0]
    document = document_factory(TITLE, tax.collection)
    log(document, "wagtail.create", user=coordinator)
    log(document, "wagtail.edit", user=coordinator)
    applicant = membership_request_factory(
        tax, "philippa@example.org", first_name="Philippa", last_name="Petitioner"
    )
    applicant.approve(by=coordinator)
    return {
        "applicant_account": tax.members_group.user_set.get(),
        "document": document,
        "filename": os.path.basename(document.file.name),
        "collection": tax.collection,
        "group_page": tax,
    }


@pytest.fixture
def public_document(document_factory):
    return document_factory("Annual report", Collection.objects.get(name="Public"))


def admin_urls():
    """(name, url template, whether a coordinator sees the private title there).
    `{doc}`: the private document, `{pub}`: a public one, `{coll}`: the
    private collection, `{page}`: the working group's page, `{user}`: the
    approved applicant's account."""
    bulk = "/admin/bulk/groups/groupdocument"
    return [
        ("bulk delete", f"{bulk}/delete/?id={{doc}}&id={{pub}}", True),
        ("bulk add to collection", f"{bulk}/add_to_collection/?id={{doc}}", True),
        ("bulk add tags", f"{bulk}/add_tags/?id={{doc}}&id={{pub}}", True),
        ("bulk delete, all", f"{bulk}/delete/?id=all&childOf={{coll}}", True),
        (
            "bulk, Wagtail's model",
            "/admin/bulk/wagtaildocs/document/delete/?id={doc}",
            False,
        ),
        ("bulk, not an id", f"{bulk}/delete/?id=1x&id={{doc}}", True),
        ("usage", "/admin/documents/usage/{doc}/", True),
        ("edit", "/admin/documents/edit/{doc}/", True),
        ("delete", "/admin/documents/delete/{doc}/", True),
        ("listing search", "/admin/documents/?q=whip", True),
        ("listing results", "/admin/documents/results/?q=whip", True),
        ("listing of the collection", "/admin/documents/?collection_id={coll}", True),
        ("chooser", "/admin/documents/chooser/", True),
        ("chooser search", "/admin/documents/chooser/results/?q=whip", True),
        ("chooser, chosen", "/admin/documents/chooser/chosen/{doc}/", True),
        (
            "chooser, chosen several",
            "/admin/documents/chooser/chosen-multiple/?id={doc}",
            True,
        ),
        ("admin API listing", "/admin/api/main/documents/?search=whip", True),
        ("admin API detail", "/admin/api/main/documents/{doc}/", True),
        ("site history", "/admin/reports/site-history/", True),
        ("site history results", "/admin/reports/site-history/results/", True),
        ("site history export", "/admin/reports/site-history/?export=csv", True),
        ("dashboard", "/admin/", False),
        ("page search", "/admin/pages/search/?q=whip", False),
        ("group page editor", "/admin/pages/{page}/edit/", False),
        ("collection privacy", "/admin/collections/{coll}/privacy/", False),
        (
            "bulk, the applicant's account",
            "/admin/bulk/accounts/user/delete/?id={user}",
            False,
        ),
        ("users search", "/admin/users/?q=philippa", False),
    ]


def visit(client, url, private, public_document):
    response = client.get(
        url.format(
            doc=private["document"].pk,
            pub=public_document.pk,
            coll=private["collection"].pk,
            page=private["group_page"].pk,
            user=private["applicant_account"].pk,
        )
    )
    if response.streaming:
        return response, b"".join(response.streaming_content).decode()
    return response, response.content.decode()


@pytest.mark.parametrize(("name", "url", "coordinator_sees"), admin_urls())
def test_an_editor_learns_nothing_of_a_private_document(
    client, editor, private, public_document, name, url, coordinator_sees
):
    client.force_login(editor)

    response, html = visit(client, url, private, public_document)

    assert response.status_code in (200, 302, 403, 404)
    assert TITLE not in html
    assert private["filename"] not in html
    assert APPLICANT not in html and "philippa@example.org" not in html
    # Nor how many of the chosen documents are out of reach.
    assert "You don't have permission" not in html


@pytest.mark.parametrize(
    ("name", "url"), [(name, url) for name, url, sees in admin_urls() if sees]
)
def test_a_coordinator_sees_the_private_document(
    client, coordinator, private, public_document, name, url
):
    client.force_login(coordinator)

    response, html = visit(client, url, private, public_document)

    assert response.status_code == 200
    # (Site history shows the membership decision; document entries only
    # superusers see, as Wagtail shows a model's log to holders of its global
    # permissions.)
    assert any(secret in html for secret in (TITLE, private["filename"], APPLICANT))


def test_the_editors_bulk_page_keeps_the_public_documents(
    client, editor, private, public_document
):
    client.force_login(editor)
    doc, pub = private["document"].pk, public_document.pk

    html = client.get(
        f"/admin/bulk/groups/groupdocument/delete/?id={doc}&id={pub}"
    ).content.decode()

    assert "Annual report" in html
    assert "Delete 1 document" in html


def test_an_editor_cannot_move_a_private_document_by_bulk_action(
    client, editor, private, public_document
):
    client.force_login(editor)
    document = private["document"]
    public = Collection.objects.get(name="Public")

    client.post(
        f"/admin/bulk/groups/groupdocument/add_to_collection/?id={document.pk}",
        {"collection": public.pk},
    )
    client.post(f"/admin/bulk/groups/groupdocument/delete/?id={document.pk}")

    document.refresh_from_db()
    assert document.collection == private["collection"]


def test_the_site_history_shows_coordinators_the_membership_decisions(
    client, coordinator, private
):
    client.force_login(coordinator)

    html = client.get("/admin/reports/site-history/").content.decode()

    assert APPLICANT in html or "philippa@example.org" in html


def test_an_editor_does_not_learn_how_many_private_documents_a_group_has(
    client, editor, superuser, private
):
    page = private["group_page"]

    client.force_login(editor)
    editor_html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    client.force_login(superuser)
    superuser_html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert ">1 document</a>" in superuser_html
    assert ">1 document</a>" not in editor_html
    assert "which only the group's members and membership coordinators see" in (
        editor_html
    )


def test_every_document_bulk_action_knows_only_the_documents_in_reach():
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.documents import get_document_model

    from groups.wagtail_hooks import DocumentsInReach

    opts = get_document_model()._meta
    actions = bulk_action_registry.get_bulk_actions_for_model(
        opts.app_label, opts.model_name
    )

    assert {action.action_type for action in actions} >= {
        "delete",
        "add_to_collection",
        "add_tags",
    }
    assert all(issubclass(action, DocumentsInReach) for action in actions)
