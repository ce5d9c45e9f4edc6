"""What Wagtail looks up anew on every request the page cache does not
answer (a member's, a first visit after a publish), kept in each process
for as long as the page cache's generation lasts (cms/page_cache.py): the
site of a host (one query ranking every site, and one more for its home
page), the page at a URL path (one query for its id and type, besides
the page's own row), and the view restrictions on a page and its
ancestors (two queries).

Both change only when a page is published, unpublished, moved or deleted
or a site changes, which is when the generation changes; a new generation
empties them in every process. Nothing personal is kept: a site, a URL
path, a page's id and its restrictions are the same for every visitor;
whether this visitor passes those restrictions is still checked on every
request, against their own groups and session.
"""

import pickle
import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from cms import paths
from cms.page_cache import generation

# A site is answered for each host name the site accepts (ALLOWED_HOSTS,
# checked before this runs), a route only for a page that exists: both are
# bounded by the site itself, and these limits only guard against surprises.
MAX_SITES = 100
MAX_ROUTES = 10_000


class Memo:
    """One process's sites and routes, for one generation."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = None
        self.expires = 0.0
        self.sites = {}
        self.routes = {}
        self.restrictions = {}

    def current(self, request):
        """This generation's sites and routes, kept no longer than the page
        cache keeps a page (a change made without Wagtail's signals, a
        script's `update()`, lasts no longer here than there); with the page
        cache off or out of reach (no generation), empty ones that nothing
        else sees."""
        current = generation(request)
        if current is None or settings.PAGE_CACHE_SECONDS <= 0:
            return Memo()
        now = time.monotonic()
        with self.lock:
            if current != self.generation or now > self.expires:
                self.generation = current
                self.sites, self.routes, self.restrictions = {}, {}, {}
                self.expires = now + settings.PAGE_CACHE_SECONDS
        return self


memo = Memo()


def find_site(request):
    """Wagtail's Site.find_for_request, from the memo: a fresh copy for each
    request (with its home page as its own type, so serving it costs no
    query), since a request may change what it is given."""
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = memo.current(request).sites
    pickled = sites.get(host)
    if pickled is None:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        pickled = pickle.dumps(site, pickle.HIGHEST_PROTOCOL)
        if len(sites) < MAX_SITES:
            sites[host] = pickled
    return pickle.loads(pickled)


def page_at(request, url_path):
    """The page (as its own type) whose URL path this is, or None."""
    routes = memo.current(request).routes
    route = routes.get(url_path)
    if route is None:
        route = (
            Page.objects.filter(url_path=url_path)
            .values_list("content_type_id", "pk")
            .first()
        )
        if route is None:
            return None  # not kept: any path may be asked for
        if len(routes) < MAX_ROUTES:
            routes[url_path] = route
    content_type_id, pk = route
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=pk).first()


def with_view_restrictions(request, page):
    """`page`, whose view restrictions Wagtail's check before serving it
    (the on_serve_page hook) reads from the memo: a fresh copy of the same
    list Wagtail's query gives, their groups with them. Only this instance,
    served to this request, is changed; the admin still queries."""
    restrictions = memo.current(request).restrictions
    pickled = restrictions.get(page.pk)
    if pickled is None:
        found = list(Page.get_view_restrictions(page).prefetch_related("groups"))
        pickled = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
        if len(restrictions) < MAX_ROUTES:
            restrictions[page.pk] = pickled
    page.get_view_restrictions = lambda: pickle.loads(pickled)
    return page


class SiteMiddleware:
    """Hands Wagtail the request's site (Site.find_for_request looks for it
    on the request first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The health check needs no site, and must answer without Redis.
        if request.path != paths.HEALTH:
            request._wagtail_site = find_site(request)
        return self.get_response(request)
