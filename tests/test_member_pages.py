"""What the site's layout and the login page say to members and to visitors
on their way in."""

import re

import pytest
from django.core import mail

from tests.helpers import PASSWORD


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def footer(response):
    return text(response).split('<footer class="site-footer">')[1]


def test_the_footer_offers_a_member_their_groups_and_log_out(
    client, home_page, member_factory
):
    client.force_login(member_factory("member@example.org"))

    html = footer(client.get("/"))

    assert "Members' log in" not in html
    assert '<a href="/members/">My working groups</a>' in html
    assert ">Log out</button>" in html


def test_the_footer_offers_visitors_the_log_in(client, home_page):
    assert "Members' log in" in footer(client.get("/"))


@pytest.fixture
def memo(join_groups, document_factory):
    return document_factory("Tax strategy memo", join_groups[0].collection)


def test_a_document_link_says_whose_members_may_read_it(client, memo):
    response = client.get(memo.url, follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    html = text(response)
    assert (
        "This document is for members of the Tax Fairness Working Group. "
        "Log in to read it." in html
    )
    assert "Tax strategy memo" not in html


def test_the_login_page_says_nothing_of_other_next_pages(client, memo):
    html = text(client.get("/accounts/login/?next=/members/"))
    unknown = text(client.get("/accounts/login/?next=/documents/999999/x.pdf"))

    assert "This document is for members" not in html
    assert "This document is for members" not in unknown


def test_a_failed_login_names_the_field_and_moves_focus_to_the_summary(
    client, member_factory
):
    member_factory("member@example.org")

    html = text(client.post("/accounts/login/", {"login": "", "password": PASSWORD}))

    assert 'id="error-summary"' in html and 'tabindex="-1"' in html
    assert '<a href="#id_login">E-mail address: This field is required.</a>' in html
    assert re.search(r'<script src="/static/js/error-summary[^"]*\.js" defer>', html)
    assert mail.outbox == []
