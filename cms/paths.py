"""The site's addresses outside the page tree, in one place: the URLconfs
mount their views at these prefixes, and the page cache and the two-factor
door know them from here; links that leave the site (mail, the API, crawlers,
link previews) are absolute on its public address."""

from django.conf import settings

ADMIN = "/admin/"
ACCOUNTS = "/accounts/"
MEMBERS = "/members/"
API = "/api/"
DOCUMENTS = "/documents/"
SEARCH = "/search/"
WAGTAIL_UTILITIES = "/_util/"
HEALTH = "/healthz"

# The site's own views: never a Wagtail page.
NOT_PAGES = (ADMIN, ACCOUNTS, MEMBERS, API, DOCUMENTS, WAGTAIL_UTILITIES, HEALTH)


def route(prefix, rest=""):
    """`prefix` + `rest` as Django's path() takes it (no leading slash)."""
    return prefix.removeprefix("/") + rest


def absolute_url(path):
    """`path` on the site's public address (WAGTAILADMIN_BASE_URL): for
    links read outside the site, never from the request's Host."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
