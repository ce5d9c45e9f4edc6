"""What crawlers and link previews read: robots.txt, the sitemap, canonical
links, descriptions, Open Graph and Twitter card tags, all on the site's
public address (WAGTAILADMIN_BASE_URL)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from tests.helpers import sign_up

BASE = "https://groups.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_what_is_not_a_page(
    client, db
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    for prefix in ("/admin/", "/accounts/", "/members/", "/api/", "/documents/"):
        assert f"Disallow: {prefix}" in lines
    # Pages are open to crawlers, and so is search: its noindex must be seen.
    assert "Disallow: /" not in lines
    assert "Disallow: /search/" not in lines


def test_search_results_are_not_indexed(client, group_page):
    soup = head(client, "/search/?q=principle")

    assert meta(soup, name="robots") == "noindex"
    assert soup.find("link", rel="canonical") is None


def test_pages_are_indexed_with_a_canonical_link_on_the_public_address(
    client, group_page
):
    soup = head(client, "/working-groups/immigration/?utm_source=mail")

    assert meta(soup, name="robots") is None
    assert soup.find("link", rel="canonical")["href"] == (
        f"{BASE}/working-groups/immigration/"
    )


def test_sitemap_addresses_are_on_the_public_address_whatever_the_site_record(
    client, group_page
):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    body = response.content.decode()
    assert f"<loc>{BASE}/working-groups/immigration/</loc>" in body
    assert f"<loc>{BASE}/</loc>" in body
    assert "localhost" not in body


def test_a_group_page_is_described_by_its_summary_for_previews(client, group_page):
    soup = head(client, "/working-groups/immigration/")

    summary = "What the Immigration Working Group does."
    assert meta(soup, name="description") == summary
    assert meta(soup, property="og:description") == summary
    assert meta(soup, name="twitter:description") == summary
    assert meta(soup, property="og:title") == "Immigration Working Group"
    assert meta(soup, name="twitter:title") == "Immigration Working Group"
    assert meta(soup, property="og:url") == f"{BASE}/working-groups/immigration/"
    assert meta(soup, property="og:type") == "website"
    assert meta(soup, property="og:site_name") == "Working Groups"
    assert meta(soup, name="twitter:card") == "summary"


def test_the_editors_search_description_comes_first(client, group_page):
    group_page.search_description = "Immigration policy for state legislators."
    group_page.save_revision().publish()

    soup = head(client, "/working-groups/immigration/")

    assert meta(soup, name="description") == "Immigration policy for state legislators."
    assert meta(soup, property="og:description") == (
        "Immigration policy for state legislators."
    )


def test_every_kind_of_page_has_its_own_description(client, db, user_factory):
    call_command("load_demo_content", stdout=None)
    member = user_factory()
    descriptions = {
        path: meta(head(client, path), name="description")
        for path in ("/", "/working-groups/", "/join/", "/working-groups/immigration/")
    }
    client.force_login(member)
    descriptions["/members/"] = meta(head(client, "/members/"), name="description")

    assert all(descriptions.values())
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    # The demo's pages are described by their own introductions.
    assert descriptions["/working-groups/"].startswith(
        "State legislators: join a working group today."
    )


def test_pages_without_an_introduction_have_a_default_of_their_kind(
    client, home_page, index_page, join_page
):
    for page in (home_page, index_page):
        page.intro = ""
        page.save_revision().publish()

    descriptions = {
        meta(head(client, path), name="description")
        for path in ("/", "/working-groups/", "/join/")
    }

    assert len(descriptions) == 3


def test_descriptions_are_plain_text_of_a_preview_length(client, home_page):
    home_page.intro = "<p>Legislators &amp; staff: " + "word " * 100 + "</p>"
    home_page.save_revision().publish()

    description = meta(head(client, "/"), name="description")

    assert description.startswith("Legislators & staff: word word")
    assert "<" not in description
    assert len(description) <= 200


def test_the_steps_after_joining_are_not_indexed(client, join_groups):
    client.post("/join/", sign_up())
    for path in (
        "/join/thank-you/?groups=tax-fairness",
        re.search(r"/join/confirm/[^/\s]+/", mail.outbox[0].body)[0],
    ):
        soup = head(client, path)

        assert meta(soup, name="robots") == "noindex"
        assert soup.find("link", rel="canonical") is None
