"""Private documents: the access table, by every path a document can be reached.

| who                      | own group's | another group's | public |
| anonymous                | login       | login           | 200    |
| member of A              | 200         | 403 + join link | 200    |
| removed member of A      | 403         | 403             | 200    |
| staff (coordinator)      | 200         | 200             | 200    |
"""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail import hooks
from wagtail.models import Collection, CollectionViewRestriction

from groups.models import Membership

LOGIN, FORBIDDEN, OK = "login", 403, 200
WHO = ["anonymous", "member", "removed", "staff"]
ACCESS = {
    "anonymous": {"own": LOGIN, "other": LOGIN, "public": OK},
    "member": {"own": OK, "other": FORBIDDEN, "public": OK},
    "removed": {"own": FORBIDDEN, "other": FORBIDDEN, "public": OK},
    "staff": {"own": OK, "other": OK, "public": OK},
}


@pytest.fixture
def documents(join_groups, document_factory):
    tax, health = join_groups
    return {
        "own": document_factory("Tax strategy memo", tax.collection),
        "other": document_factory("Health campaign plan", health.collection),
        "public": document_factory(
            "Annual report", Collection.objects.get(name="Public")
        ),
    }


@pytest.fixture
def people(join_groups, member_factory, coordinator):
    tax = join_groups[0]
    removed = member_factory("removed@example.org", tax)
    Membership.objects.get(user=removed).delete()
    return {
        "anonymous": None,
        "member": member_factory("member@example.org", tax),
        "removed": removed,
        "staff": coordinator,
    }


@pytest.fixture
def as_(client, people):
    def log_in(who):
        if people[who] is not None:
            client.force_login(people[who])
        return client

    return log_in


def cases():
    return [
        (who, which, ACCESS[who][which])
        for who in WHO
        for which in ("own", "other", "public")
    ]


@pytest.mark.parametrize(("who", "which", "expected"), cases())
def test_the_serve_view(as_, documents, who, which, expected):
    document = documents[which]

    response = as_(who).get(document.url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(
            f"/accounts/login/?next=/documents/{document.pk}/"
        )
    else:
        assert response.status_code == expected
    if expected == OK:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 strategy"


@pytest.mark.parametrize(("who", "which", "expected"), cases())
def test_the_api_listing_and_detail(as_, documents, who, which, expected):
    client = as_(who)
    document = documents[which]
    listed = [item["id"] for item in client.get("/api/v2/documents/").json()["items"]]
    detail = client.get(f"/api/v2/documents/{document.pk}/")

    if expected == OK:
        assert document.pk in listed
        assert detail.status_code == 200
        assert detail.json()["meta"]["download_url"].endswith(document.url)
    else:
        assert document.pk not in listed
        assert detail.status_code == 404


@pytest.mark.parametrize(
    ("who", "which", "expected"), [c for c in cases() if c[0] != "anonymous"]
)
def test_the_member_search(as_, documents, who, which, expected):
    # (The member area sends anonymous visitors to log in: test_members_documents.)
    first_word = documents[which].title.split()[0]  # the page repeats the query

    html = as_(who).get("/members/documents/", {"q": first_word}).content.decode()

    # The member area lists the groups' private documents only.
    shown = documents[which].title in html
    assert shown == (expected == OK and which != "public")


@pytest.mark.parametrize("who", WHO)
def test_site_search_never_shows_a_document_title(as_, documents, who):
    for document in documents.values():
        first_word = document.title.split()[0]  # the page repeats the query
        html = as_(who).get("/search/", {"q": first_word}).content.decode()
        assert document.title not in html


def test_another_groups_document_shows_whose_it_is_and_how_to_join(as_, documents):
    response = as_("member").get(documents["other"].url)

    html = response.content.decode()
    assert response.status_code == 403
    assert "This document is for members of the Health Reform Working Group" in html
    assert 'href="/join/?groups=health-reform"' in html
    assert "Health campaign plan" not in html


def test_private_responses_are_never_kept_by_a_shared_cache(as_, documents):
    private = as_("member").get(documents["own"].url)

    assert (
        "private" in private["Cache-Control"] and "no-store" in private["Cache-Control"]
    )


def test_removal_revokes_at_once_and_rejoining_restores(
    client, join_groups, member_factory, documents
):
    tax = join_groups[0]
    member = member_factory("member@example.org", tax)
    client.force_login(member)
    assert client.get(documents["own"].url).status_code == 200

    Membership.objects.get(user=member).delete()
    assert client.get(documents["own"].url).status_code == 403

    Membership.objects.create(user=member, group=tax)
    assert client.get(documents["own"].url).status_code == 200


def test_a_wrong_file_name_is_not_found(as_, documents):
    document = documents["own"]

    assert (
        as_("member").get(f"/documents/{document.pk}/other-name.pdf").status_code == 404
    )


def test_the_only_hook_of_ours_before_wagtails_privacy_check_refuses():
    """What runs before Wagtail's check could serve what it would refuse:
    ours there only ever answers 403 (to those the check refuses too)."""
    hook_names = [
        f"{fn.__module__}.{fn.__name__}"
        for fn in hooks.get_hooks("before_serve_document")
    ]

    wagtails = hook_names.index(
        "wagtail.documents.wagtail_hooks.check_view_restrictions"
    )
    assert hook_names[:wagtails] == ["groups.documents.refuse_other_groups_members"]
    assert not [
        name
        for name in hook_names[wagtails:]
        if name.split(".")[0] in ("cms", "groups", "accounts")
    ]


@pytest.mark.parametrize("debug", [False, True])
def test_files_are_never_served_from_the_media_folder(
    client, documents, settings, debug
):
    import cms.urls

    settings.DEBUG = debug
    importlib.reload(cms.urls)
    clear_url_caches()
    try:
        for document in documents.values():
            assert (
                client.get(f"{settings.MEDIA_URL}{document.file.name}").status_code
                == 404
            )
    finally:
        settings.DEBUG = False
        importlib.reload(cms.urls)
        clear_url_caches()


@override_settings(STAFF_TWO_FACTOR_REQUIRED=True)
def test_collection_privacy_admits_the_members_group_and_coordinators(join_groups):
    tax = join_groups[0]
    (restriction,) = CollectionViewRestriction.objects.filter(collection=tax.collection)

    assert {group.name for group in restriction.groups.all()} == {
        "Tax Fairness Working Group members",
        "Membership coordinators",
    }
