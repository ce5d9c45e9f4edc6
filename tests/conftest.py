import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.models import User
from cms.demo_content import ensure_child_page, ensure_home_page
from cms.roles import EDITORS
from groups.models import (
    JoinPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    WorkingGroupPrinciple,
)


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
            principles=[WorkingGroupPrinciple(text=text) for text in principles],
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
def user_factory(db):
    def make(email="someone@example.org", password="a-long-pass-phrase", **fields):
        return User.objects.create_user(email, password, **fields)

    return make


@pytest.fixture
def editor(user_factory):
    user = user_factory("editor@example.org", first_name="Edie")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", "a-long-pass-phrase")
