from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms import site_cache
from cms.email_domains import is_official_domain, parse_domain_list
from cms.headless_preview import HeadlessPreviewMixin
from cms.privacy import public_pages

# What editors may use in the site's rich text, on every page type.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class HomePage(HeadlessPreviewMixin, Page):
    """The site's front page: who the working groups are for, and the groups."""

    # For search results and link previews when the page has no introduction.
    default_description = (
        "National working groups of state legislators, sharing policy, "
        "messaging and best practices across states."
    )

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="The welcome text under the page title.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["groups.WorkingGroupIndexPage", "groups.JoinPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By name: the site's base knows the groups' page type, not its code.
        working_group_page = apps.get_model("groups", "WorkingGroupPage")
        context["working_groups"] = public_pages(
            working_group_page.objects.descendant_of(self).live()
        )
        return context

    def route(self, request, path_components):
        # Wagtail walks a path a level at a time, two queries a level; the
        # page at the end of the path is found at once by its URL path, and
        # anything else (a routable page's sub-path, a 404) goes Wagtail's way.
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = site_cache.page_at(request, url_path)
            if page is not None:
                page = site_cache.with_view_restrictions(request, page)
                return page.route(request, [])
        else:
            site_cache.with_view_restrictions(request, self)
        return super().route(request, path_components)


@register_setting(icon="mail")
class EmailDomainPolicy(BaseSiteSetting):
    """Which e-mail domains the join form refuses as official, beyond the
    built-in rules (every .gov and .mil, state.XX.us, legis.*, leg.*,
    *.legislature.* and known legislature domains)."""

    blocked_domains = models.TextField(
        blank=True,
        help_text=(
            "More official domains to refuse, one per line (e.g. examplecounty.org). "
            "Each covers its subdomains."
        ),
    )
    allowed_domains = models.TextField(
        blank=True,
        help_text=(
            "Exceptions: domains to accept even though a rule would refuse them, "
            "one per line. Each covers its subdomains."
        ),
    )

    panels = [FieldPanel("blocked_domains"), FieldPanel("allowed_domains")]

    class Meta:
        verbose_name = "e-mail domain policy"

    def is_official(self, domain):
        return is_official_domain(
            domain,
            blocked=parse_domain_list(self.blocked_domains),
            allowed=parse_domain_list(self.allowed_domains),
        )

    def validate_personal(self, email):
        """Refuse an address at an official domain, saying why."""
        domain = email.rpartition("@")[2]
        if self.is_official(domain):
            raise ValidationError(
                f"{domain} is an official address. Please use a personal e-mail "
                "address: members receive strategic planning documents, and "
                "official accounts are open to public-records requests.",
                code="official",
            )
