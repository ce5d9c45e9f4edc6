import time
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from accounts.members import mark_verified
from accounts.models import User
from cms.roles import EDITORS, MEMBERSHIP_COORDINATORS
from groups.demo_content import ensure_child_page, ensure_home_page
from groups.models import (
    JoinPage,
    Membership,
    MembershipRequest,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    WorkingGroupPrinciple,
)
from tests.helpers import PASSWORD


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and cached pages start from nothing in every test."""
    cache.clear()


@pytest.fixture
def home_page(db):
    return ensure_home_page()


@pytest.fixture
def index_page(home_page):
    return ensure_child_page(
        home_page,
        WorkingGroupIndexPage,
        slug="working-groups",
        title="Working Groups",
        intro="<p>State legislators: join a working group today.</p>",
    )


@pytest.fixture
def group_page_factory(index_page):
    """Make a published working group with the given principles."""

    def make(title="Tax Fairness Working Group", slug=None, principles=(), **fields):
        fields.setdefault("summary", f"What the {title} does.")
        fields.setdefault("description", f"<p>About the {title}.</p>")
        return ensure_child_page(
            index_page,
            WorkingGroupPage,
            slug=slug or title.lower().replace(" ", "-"),
            title=title,
            principles=[
                WorkingGroupPrinciple(text=text, sort_order=number)
                for number, text in enumerate(principles)
            ],
            **fields,
        )

    return make


@pytest.fixture
def group_page(group_page_factory):
    return group_page_factory(
        "Immigration Working Group",
        slug="immigration",
        principles_intro="We believe that:",
        principles=["First principle.", "Second principle.", "Third principle."],
    )


@pytest.fixture
def join_page(home_page):
    return ensure_child_page(
        home_page, JoinPage, slug="join", title="Join a working group"
    )


@pytest.fixture
def join_groups(group_page_factory, join_page):
    """Two groups to join: tax-fairness (with principles) and health-reform."""
    return (
        group_page_factory(
            "Tax Fairness Working Group",
            slug="tax-fairness",
            principles_intro="We believe that:",
            principles=["Taxes should be fair.", "Revenue funds schools."],
        ),
        group_page_factory("Health Reform Working Group", slug="health-reform"),
    )


@pytest.fixture
def membership_request_factory(db):
    """Make a request to join `group`, agreed to now and confirmed unless
    `confirmed` is false; `fields` override Jane Doe's defaults."""

    def make(group, email="jane.doe@example.org", confirmed=True, **fields):
        now = timezone.now()
        fields.setdefault("first_name", "Jane")
        fields.setdefault("last_name", "Doe")
        fields.setdefault("state", "MN")
        fields.setdefault("chamber", "house")
        fields.setdefault("district", "42B")
        fields.setdefault("role", "legislator")
        return MembershipRequest.objects.create(
            email=email,
            group=group,
            agreed_revision=group.live_revision,
            agreed_at=now,
            email_confirmed_at=now if confirmed else None,
            **fields,
        )

    return make


@pytest.fixture
def user_factory(db):
    def make(email="someone@example.org", password=PASSWORD, **fields):
        return User.objects.create_user(email, password, **fields)

    return make


@pytest.fixture
def editor(user_factory):
    user = user_factory("editor@example.org", first_name="Edie")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def with_totp(user):
    """Set up TOTP for `user`, as staff must; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def superuser(db):
    user = User.objects.create_superuser("root@example.org", PASSWORD)
    with_totp(user)
    return user


@pytest.fixture
def coordinator(user_factory):
    """A membership coordinator, with two-factor set up."""
    user = user_factory(
        "coordinator@example.org", first_name="Cora", last_name="Ordinator"
    )
    user.groups.add(Group.objects.get(name=MEMBERSHIP_COORDINATORS))
    with_totp(user)
    return user


@pytest.fixture
def document_factory(db):
    """Make a document with a small file in the given collection."""

    def make(title, collection, content=b"%PDF-1.4 strategy", **fields):
        slug = title.lower().replace(" ", "-")
        return get_document_model().objects.create(
            title=title,
            collection=collection,
            file=ContentFile(content, name=f"{slug}.pdf"),
            **fields,
        )

    return make


@pytest.fixture
def member_factory(db):
    """A person with a verified address and a password, a member of `groups`."""

    def make(email, *groups, password=PASSWORD):
        user = User.objects.create_user(
            email, password, first_name=email.split("@")[0].title()
        )
        mark_verified(user)
        for group in groups:
            Membership.objects.create(user=user, group=group)
        return user

    return make


@pytest.fixture
def purged(settings):
    """The URLs the frontend cache (a CDN) is asked to purge."""
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    urls = []
    with mock.patch(
        "wagtail.contrib.frontend_cache.utils.purge_urls_from_cache",
        side_effect=lambda batch, *args: urls.extend(batch),
    ):
        yield urls
