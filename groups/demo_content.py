"""Create the demo content; pages that exist already are left as they are.

The management command `load_demo_content` runs `load()`; the tests build
their page trees with the same helpers.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html_join
from wagtail.models import Page, Site

from cms.models import HomePage
from groups import demo_data
from groups.models import (
    JoinPage,
    RosterImport,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    WorkingGroupPrinciple,
)
from groups.models.pages import JOIN_PATH, WORKING_GROUPS_PATH
from groups.roster import import_roster

# Small fictional rosters in Open States' format, one file per state.
DEMO_ROSTERS = Path(__file__).resolve().parent / "demo_roster"


def paragraphs(texts):
    return format_html_join("", "<p>{}</p>", ((text,) for text in texts))


def load(log=lambda message: None):
    home = ensure_home_page(log)
    index = ensure_child_page(
        home,
        WorkingGroupIndexPage,
        slug=WORKING_GROUPS_PATH.strip("/"),
        title=demo_data.INDEX["title"],
        intro=paragraphs(demo_data.INDEX["intro"]),
        log=log,
    )
    for group in demo_data.WORKING_GROUPS:
        ensure_child_page(
            index,
            WorkingGroupPage,
            slug=group["slug"],
            title=group["title"],
            summary=group["summary"],
            description=paragraphs(group["description"]),
            principles_intro=group["principles_intro"],
            principles=[
                # Numbered, as the editor's drag and drop numbers them: an
                # edit there would otherwise move the principle it touches.
                WorkingGroupPrinciple(text=text, sort_order=number)
                for number, text in enumerate(group["principles"])
            ],
            log=log,
        )
    ensure_child_page(
        home,
        JoinPage,
        slug=JOIN_PATH.strip("/"),
        title=demo_data.JOIN["title"],
        intro=paragraphs(demo_data.JOIN["intro"]),
        thank_you_text=paragraphs(demo_data.JOIN["thank_you_text"]),
        confirmed_text=paragraphs(demo_data.JOIN["confirmed_text"]),
        log=log,
    )
    load_demo_rosters(log)


def load_demo_rosters(log=lambda message: None):
    """The demo's rosters, for states that have none (never replacing one
    that coordinators imported)."""
    for file in sorted(DEMO_ROSTERS.glob("*.csv")):
        if RosterImport.objects.filter(state=file.stem.upper()).exists():
            continue
        with file.open("rb") as content:
            for done in import_roster(content, file.name):
                log(f"Fictional demo roster: {done}")


def ensure_home_page(log=lambda message: None):
    """The site's home page, put in place of Wagtail's "Welcome" placeholder."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    placeholders = root.get_children().filter(
        content_type=ContentType.objects.get_for_model(Page)
    )
    # The home page takes the placeholder's slug; the placeholder goes once
    # the site points at the home page (deleting it first would delete the site).
    placeholders.update(slug="wagtail-welcome-placeholder")
    home = publish(
        root.add_child(
            instance=HomePage(
                title=demo_data.HOME["title"],
                slug="home",
                intro=paragraphs(demo_data.HOME["intro"]),
            )
        )
    )
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.save()
    for placeholder in placeholders:
        placeholder.delete()
    log(f"Created the home page “{home.title}”.")
    return home


def ensure_child_page(parent, page_class, *, slug, log=lambda message: None, **fields):
    """The live `page_class` child of `parent` with this slug, created if missing."""
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = publish(parent.add_child(instance=page_class(slug=slug, **fields)))
    log(f"Created {page_class._meta.verbose_name} “{page.title}”.")
    return page


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page
