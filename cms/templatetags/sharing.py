"""What a page tells search engines and link previews: its canonical address
and its description, on the site's public address (WAGTAILADMIN_BASE_URL)."""

import re
from html import unescape

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from wagtail.models import Page

from cms.paths import absolute_url

register = template.Library()

# For views that are not pages, and pages of a kind without a default.
SITE_DESCRIPTION = (
    "Policy working groups of state legislators: their principles, and how to join."
)
# Search engines show about this much.
DESCRIPTION_MAX_LENGTH = 200
FIRST_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.DOTALL)


def first_paragraph_text(rich_text):
    """The first paragraph of rich text (HTML), as plain text."""
    match = FIRST_PARAGRAPH.search(rich_text or "")
    html = match.group(1) if match else rich_text or ""
    return " ".join(unescape(strip_tags(html)).split())


def shortened(text):
    """`text` cut at a word to fit DESCRIPTION_MAX_LENGTH, with an ellipsis."""
    if len(text) <= DESCRIPTION_MAX_LENGTH:
        return text
    cut = text[: DESCRIPTION_MAX_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


@register.simple_tag
def page_description(page):
    """What a page is about, in a sentence or two: the editor's search
    description, else the group's summary, else the first paragraph of the
    page's introduction, else what pages of its kind are for."""
    if not isinstance(page, Page):  # a view that is not a page
        return SITE_DESCRIPTION
    description = (
        page.search_description
        or getattr(page, "summary", "")
        or first_paragraph_text(getattr(page, "intro", ""))
        or getattr(page, "default_description", SITE_DESCRIPTION)
    )
    return shortened(description)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This address on the site's public address, without the query string
    (tracking parameters, pre-ticked groups)."""
    return absolute_url(context["request"].path)


@register.inclusion_tag("cms/includes/sharing_meta.html", takes_context=True)
def sharing_meta(context):
    """A page's link preview (Open Graph, Twitter card); nothing for a view
    that is not a page."""
    page = context.get("page")
    if not isinstance(page, Page):
        return {}
    return {
        "title": page.seo_title or page.title,
        "description": page_description(page),
        "url": canonical_url(context),
        "site_name": getattr(context.get("current_site"), "site_name", "")
        or settings.WAGTAIL_SITE_NAME,
    }
