"""The site's addresses outside the page tree, in one place: the URLconfs
mount their views at these prefixes, and the page cache and the two-factor
door know them from here."""

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
