"""The sites and routes each process keeps per page-cache generation
(cms.site_cache): found once, then without a query, and never out of date
or personal."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cms import page_cache, site_cache
from cms.models import HomePage


def get(client, url):
    """An uncached answer (a query string passes the page cache by)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?fresh=1")
    response.sql = [query["sql"] for query in queries]
    return response


def test_the_site_and_the_route_are_found_once(client, group_page):
    cold = get(client, "/working-groups/immigration/")
    warm = get(client, "/working-groups/immigration/")

    assert cold.status_code == warm.status_code == 200
    assert warm.content == cold.content
    assert not any('FROM "wagtailcore_site"' in sql for sql in warm.sql)
    assert not any('"url_path" =' in sql for sql in warm.sql)
    assert len(warm.sql) <= len(cold.sql) - 3


def test_a_page_moved_is_found_at_its_new_address_at_once(client, group_page):
    assert get(client, "/working-groups/immigration/").status_code == 200

    group_page.slug = "migration"
    group_page.save_revision().publish()

    assert get(client, "/working-groups/immigration/").status_code == 404
    assert get(client, "/working-groups/migration/").status_code == 200


def test_a_page_unpublished_or_deleted_is_gone_at_once(
    client, group_page_factory, group_page
):
    other = group_page_factory("Tax Fairness Working Group", slug="tax-fairness")
    get(client, "/working-groups/immigration/")
    get(client, "/working-groups/tax-fairness/")

    group_page.unpublish()
    other.delete()

    assert get(client, "/working-groups/immigration/").status_code == 404
    assert get(client, "/working-groups/tax-fairness/").status_code == 404


def test_a_new_site_root_is_used_at_once(client, group_page):
    assert get(client, "/working-groups/").status_code == 200
    new_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Another home", slug="another-home")
    )

    site = Site.objects.get(is_default_site=True)
    site.root_page = new_home
    site.save()

    assert get(client, "/working-groups/").status_code == 404
    assert "Another home" in get(client, "/").content.decode()


def test_a_page_made_private_is_private_with_its_route_kept(client, group_page):
    assert get(client, "/working-groups/immigration/").status_code == 200

    PageViewRestriction.objects.create(page=group_page, restriction_type="login")

    assert get(client, "/working-groups/immigration/").status_code == 302


def test_nothing_personal_is_kept(client, group_page, member_factory, document_factory):
    member = member_factory("member@example.org", group_page)
    document_factory("Strategy memo", group_page.collection)
    client.force_login(member)

    assert (
        "Strategy memo" in get(client, "/working-groups/immigration/").content.decode()
    )

    # Sites (whose home page was loaded as its own type) and page ids.
    assert (
        all(isinstance(key, tuple) for key in site_cache.memo.sites)
        and site_cache.memo.sites
    )
    assert list(site_cache.memo.routes.values()) == [
        (group_page.content_type_id, group_page.pk)
    ]
    kept = b"".join(site_cache.memo.sites.values())
    for personal in (b"member@example.org", b"Strategy memo", b"Member"):
        assert personal not in kept


def test_with_the_page_cache_off_nothing_is_kept(client, group_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, "/working-groups/immigration/")

    warm = get(client, "/working-groups/immigration/")

    assert any('FROM "wagtailcore_site"' in sql for sql in warm.sql)


def test_a_restriction_to_groups_is_checked_against_each_visitor(
    client, group_page, member_factory
):
    member = member_factory("member@example.org", group_page)
    stranger = member_factory("stranger@example.org")
    restriction = PageViewRestriction.objects.create(
        page=group_page, restriction_type="groups"
    )
    restriction.groups.add(member.groups.first())
    client.force_login(member)
    assert get(client, "/working-groups/immigration/").status_code == 200
    warm = get(client, "/working-groups/immigration/")
    assert warm.status_code == 200
    assert not any("wagtailcore_pageviewrestriction" in sql for sql in warm.sql)

    client.force_login(stranger)
    assert get(client, "/working-groups/immigration/").status_code != 200

    stranger.groups.add(member.groups.first())
    assert get(client, "/working-groups/immigration/").status_code == 200

    restriction.groups.clear()  # restricted to no group: nobody but superusers
    assert get(client, "/working-groups/immigration/").status_code != 200


def test_the_generation_is_renewed_again_when_the_change_commits(
    db, django_capture_on_commit_callbacks
):
    """A request that read the old rows between the change and its commit
    kept them under the new generation: the commit replaces that one too."""
    with django_capture_on_commit_callbacks() as callbacks:
        page_cache.invalidate()
        during = cache.get(page_cache.GENERATION_KEY)
    for callback in callbacks:
        callback()

    assert cache.get(page_cache.GENERATION_KEY) != during
