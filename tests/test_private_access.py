"""Each working group's members group and private collection."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from cms.roles import MEMBERSHIP_COORDINATORS
from groups.models import WorkingGroupPage


def test_creating_a_group_creates_its_members_group_and_restricted_collection(
    group_page,
):
    group, collection = group_page.members_group, group_page.collection

    assert group.name == "Immigration Working Group members"
    assert collection.name == "Immigration Working Group"
    (restriction,) = CollectionViewRestriction.objects.filter(collection=collection)
    assert restriction.restriction_type == BaseViewRestriction.GROUPS
    assert set(restriction.groups.all()) == {
        group,
        Group.objects.get(name=MEMBERSHIP_COORDINATORS),
    }


def test_group_collections_sit_apart_from_the_public_collection(group_page_factory):
    first = group_page_factory("Tax Fairness Working Group", slug="tax")
    second = group_page_factory("Health Reform Working Group", slug="health")

    assert first.collection != second.collection
    assert first.collection.get_parent() == second.collection.get_parent()
    assert first.collection.get_parent().name != "Public"


def test_renaming_the_page_renames_group_and_collection(group_page):
    group_page.title = "Immigrant Rights Working Group"
    group_page.save_revision().publish()

    group_page.members_group.refresh_from_db()
    group_page.collection.refresh_from_db()
    assert group_page.members_group.name == "Immigrant Rights Working Group members"
    assert group_page.collection.name == "Immigrant Rights Working Group"


def test_saving_a_draft_title_does_not_rename_until_published(group_page):
    draft = group_page.get_latest_revision_as_object()
    draft.title = "Renamed in draft"
    draft.save_revision()

    group_page.members_group.refresh_from_db()
    assert group_page.members_group.name == "Immigration Working Group members"


def test_copying_a_group_page_in_the_admin_gives_the_copy_its_own(
    client, superuser, group_page
):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[group_page.pk]),
        {
            "new_title": "Immigration Working Group (copy)",
            "new_slug": "immigration-copy",
            "new_parent_page": group_page.get_parent().pk,
            "copy_subpages": False,
            "publish_copies": True,
            "alias": False,
        },
    )
    assert response.status_code == 302

    copy = WorkingGroupPage.objects.get(slug="immigration-copy")
    assert copy.members_group not in (None, group_page.members_group)
    assert copy.collection not in (None, group_page.collection)
    assert not CollectionViewRestriction.objects.filter(
        collection=copy.collection, groups=group_page.members_group
    ).exists()
    # Its revisions point at its own group and collection too.
    republished = copy.get_latest_revision_as_object()
    assert republished.members_group_id == copy.members_group_id
    assert republished.collection_id == copy.collection_id
    assert list(copy.principles.values_list("text", flat=True)) == [
        "First principle.",
        "Second principle.",
        "Third principle.",
    ]


def test_an_old_revision_never_moves_the_page_to_another_group(group_page_factory):
    page = group_page_factory("Tax Fairness Working Group", slug="tax")
    other = group_page_factory("Health Reform Working Group", slug="health")
    revision = page.latest_revision
    revision.content["members_group"] = other.members_group_id
    revision.content["collection"] = other.collection_id
    revision.save()

    revision.publish()

    page.refresh_from_db()
    assert page.members_group_id != other.members_group_id
    assert page.collection_id != other.collection_id


def test_two_groups_with_the_same_title_get_distinct_group_names(group_page_factory):
    first = group_page_factory("Budget Working Group", slug="budget")
    second = group_page_factory("Budget Working Group", slug="budget-2")

    assert first.members_group.name == "Budget Working Group members"
    assert second.members_group.name == "Budget Working Group members (2)"
