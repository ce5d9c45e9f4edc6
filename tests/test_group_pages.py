"""What visitors see on the home page, the groups index and a group page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from groups.models import WorkingGroupPrinciple


def test_group_page_shows_description_and_principles_in_order(client, group_page):
    response = client.get("/working-groups/immigration/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "About the Immigration Working Group." in html
    assert "We believe that:" in html
    assert (
        html.index("First principle.")
        < html.index("Second principle.")
        < html.index("Third principle.")
    )


def test_group_page_calls_to_join_with_the_group_ticked(client, group_page):
    response = client.get("/working-groups/immigration/")
    assert 'href="/join/?groups=immigration"' in response.content.decode()


def test_index_lists_live_public_groups_with_summaries(client, group_page_factory):
    group_page_factory("Tax Fairness Working Group", slug="tax-fairness")
    draft = group_page_factory("Draft Working Group", slug="draft")
    draft.unpublish()
    private = group_page_factory("Private Working Group", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/working-groups/")

    html = response.content.decode()
    assert "What the Tax Fairness Working Group does." in html
    assert 'href="/working-groups/tax-fairness/"' in html
    assert "Draft Working Group" not in html
    assert "Private Working Group" not in html


def test_home_page_lists_the_groups_and_links_to_join(client, group_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Immigration Working Group" in html
    assert 'href="/join/"' in html
    assert "Already a member?" in html
    assert 'href="/accounts/login/"' in html


# Warm, as an uncached visitor: the site, the route and the restrictions are
# kept per process (cms.site_cache); what is left is the page's own content.
@pytest.mark.parametrize(
    "url,most",
    [
        ("/", 1),  # the groups (their privacy asked in the same query)
        ("/working-groups/", 2),  # the page, the groups
        ("/working-groups/group-1/", 3),  # the page, its principles, its parent
        ("/join/", 4),  # the page, the domain policy, the groups, their principles
    ],
)
def test_queries_do_not_grow_with_groups_or_principles(
    client, group_page_factory, join_page, url, most
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            # A query string passes the page cache by: rendering is measured.
            assert client.get(f"{url}?fresh=1").status_code == 200
        return len(queries)

    first = group_page_factory("Group 1", slug="group-1", principles=["One"])
    count_queries()  # warms the site, route and restrictions kept per process
    few = count_queries()
    WorkingGroupPrinciple.objects.bulk_create(
        WorkingGroupPrinciple(page=first, text=f"More {i}", sort_order=i)
        for i in range(1, 10)
    )
    for number in range(2, 9):
        group_page_factory(
            f"Group {number}", slug=f"group-{number}", principles=["P"] * 10
        )
    count_queries()  # publishing began a new generation: warm again
    many = count_queries()

    assert many == few
    assert many <= most


@pytest.mark.parametrize("url", ["/", "/working-groups/", "/join/"])
def test_a_restricted_group_is_listed_nowhere(
    client, group_page, group_page_factory, join_page, url
):
    private = group_page_factory("Private Working Group", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get(url).content.decode()

    assert "Immigration Working Group" in html
    assert "Private Working Group" not in html


def test_unknown_page_is_a_helpful_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
