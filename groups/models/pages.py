from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.headless_preview import HeadlessPreviewMixin
from cms.models import RICH_TEXT_FEATURES
from cms.privacy import public_pages
from groups.access import (
    create_members_group,
    create_private_collection,
    rename_private_access,
)
from groups.api import AbsoluteURLField, PrincipleTextsField
from groups.forms import JoinForm
from groups.models.membership import APPLICANT_DETAILS, Membership, MembershipRequest
from groups.models.notifications import email_lines
from groups.panels import PrivateAccessPanel

# Where the demo content and the contract put the index and the join page;
# the site's layout links to them (groups.context_processors).
WORKING_GROUPS_PATH = "/working-groups/"
JOIN_PATH = "/join/"
MEMBERS_DOCUMENTS_ON_PAGE = 10
NEWEST_FIRST = [F("date").desc(nulls_last=True), F("created_at").desc(), F("pk").desc()]


def standing_of(user):
    """Where a person stands with the groups, for pages that would otherwise
    ask them to join: the pks of the groups they are a member of, and of
    those their address has a request with staff for (one anybody typed in
    their name, unconfirmed, must not stop them asking). Two queries for
    someone logged in, none for a visitor (whose cached pages must not change)."""
    if not user.is_authenticated:
        return {"member_of": set(), "pending_for": set()}
    member_of = set(
        Membership.objects.filter(user=user).values_list("group_id", flat=True)
    )
    pending_for = set(
        MembershipRequest.objects.for_email(user.email)
        .pending()
        .exclude(email_confirmed_at=None)
        .values_list("group_id", flat=True)
    )
    return {"member_of": member_of, "pending_for": pending_for - member_of}


class WorkingGroupIndexPage(HeadlessPreviewMixin, Page):
    """The list of working groups, at /working-groups/."""

    # For search results and link previews when the page has no introduction.
    default_description = (
        "Every working group of state legislators: what each one does, "
        "and the principles its members share."
    )

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above the list of groups: who the groups are for and why to join.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["groups.WorkingGroupPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["working_groups"] = public_pages(
            WorkingGroupPage.objects.child_of(self).live()
        )
        return context


class WorkingGroupPage(HeadlessPreviewMixin, Page):
    """One working group: what it is, the principles members agree to, and
    (behind the scenes) its members group and private document collection."""

    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences for the list of groups, search results and the API.",
    )
    description = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Who the group is and what it does.",
    )
    principles_intro = models.CharField(
        "principles introduction",
        max_length=255,
        blank=True,
        help_text='The line before the list of principles, e.g. "We believe that:".',
    )
    principles_numbered = models.BooleanField(
        "number the principles",
        default=False,
        help_text="Show the principles as a numbered list, where their order means something.",
    )
    closing_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text after the principles.",
    )
    principles_agreement_days = models.PositiveSmallIntegerField(
        "days to agree to changed principles",
        null=True,
        blank=True,
        help_text=(
            "Leave empty to let members keep their access until they agree, "
            "however long it takes (staff decide what happens next). With a "
            "number, a member who hasn't agreed that many days after a change "
            "of principles is published loses access to the group's documents "
            "until they agree."
        ),
    )
    # The published revision that brought the current principles, and when
    # they last changed (added, removed, reworded or reordered): members who
    # agreed before then are asked to review the change (groups.principles).
    principles_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    principles_changed_at = models.DateTimeField(null=True, editable=False)
    members_group = models.OneToOneField(
        "auth.Group",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="working_group_page",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="working_group_page",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("principles_intro"),
                InlinePanel("principles", label="Principle"),
                FieldPanel("principles_numbered"),
                FieldPanel("principles_agreement_days"),
            ],
            heading="Principles",
            help_text="People who join agree to these principles. Drag to reorder.",
        ),
        FieldPanel("closing_text"),
        PrivateAccessPanel(heading="Members and private documents"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("principles_intro"),
        index.RelatedFields("principles", [index.SearchField("text")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("principles_intro"),
        APIField("principles", serializer=PrincipleTextsField()),
        APIField("principles_numbered"),
        APIField("closing_text"),
        APIField("join_url", serializer=AbsoluteURLField()),
    ]
    # A copy gets a members group and collection of its own (see save()).
    exclude_fields_in_copy = [
        "members_group",
        "collection",
        "principles_revision",
        "principles_changed_at",
    ]

    parent_page_types = ["groups.WorkingGroupIndexPage"]
    subpage_types = []

    def staff_recipients(self):
        """Who hears about this group's members: the addresses coordinators
        set for it (GroupNotificationSettings), else the site's
        STAFF_NOTIFY_EMAIL."""
        try:
            addresses = email_lines(self.notification_settings.emails)
        except ObjectDoesNotExist:
            addresses = []
        return addresses or list(settings.STAFF_NOTIFY_EMAIL)

    def listed_on(self):
        """Pages beside its ancestors that list this group (the front's cache
        of them is purged when it changes)."""
        return JoinPage.objects.live()

    @property
    def join_url(self):
        return f"{JOIN_PATH}?groups={self.slug}"

    def documents(self):
        """The documents in this group's private collection (and below it)."""
        return get_document_model().objects.filter(
            collection__path__startswith=self.collection.path
        )

    def principles_deadline(self):
        """When members who haven't agreed to the changed principles lose
        access to the documents, or None (no deadline, or no change)."""
        if self.principles_agreement_days is None or self.principles_changed_at is None:
            return None
        return self.principles_changed_at + timedelta(
            days=self.principles_agreement_days
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(standing_of(request.user))
        # Listed in the text and counted beside it: one query for both.
        context["principles"] = list(self.principles.all())
        # Only those the collection's privacy admits learn that the section exists.
        if (
            request.user.is_authenticated
            and self.collection_id
            and all(
                restriction.accept_request(request)
                for restriction in self.collection.get_view_restrictions()
            )
        ):
            context["members_documents"] = self.documents().order_by(*NEWEST_FIRST)[
                :MEMBERS_DOCUMENTS_ON_PAGE
            ]
        return context

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            if self.members_group_id is None or self.collection_id is None:
                self._create_private_access()
                if update_fields is not None:
                    kwargs["update_fields"] = {
                        *update_fields,
                        "members_group",
                        "collection",
                    }
            elif update_fields is None or "title" in update_fields:
                rename_private_access(self.title, self.members_group, self.collection)
            return super().save(*args, **kwargs)

    def _create_private_access(self):
        if self.members_group_id is None:
            self.members_group = create_members_group(self.title)
        if self.collection_id is None:
            self.collection = create_private_collection(self.title, self.members_group)

    def with_content_json(self, content):
        # A revision (an old one restored, or a copy's) never moves the page
        # to another members group or collection.
        page = super().with_content_json(content)
        page.members_group_id = self.members_group_id
        page.collection_id = self.collection_id
        # Nor does it rewind the record of when the principles changed.
        page.principles_revision_id = self.principles_revision_id
        page.principles_changed_at = self.principles_changed_at
        return page


class WorkingGroupPrinciple(Orderable):
    """One principle in a group's ordered list."""

    page = ParentalKey(
        WorkingGroupPage, on_delete=models.CASCADE, related_name="principles"
    )
    text = models.TextField(help_text="One principle, as a sentence.")

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class JoinPage(HeadlessPreviewMixin, RoutablePageMixin, Page):
    """The sign-up form, at /join/: one request per chosen working group.

    Shaped like Wagtail's form pages: get_form() and render_landing_page(),
    with the thank-you page and the e-mail confirmation as routes of their
    own. A submission goes through the join flow (groups.joining), which the
    API shares.
    """

    # For search results and link previews when the page has no introduction.
    default_description = (
        "Join one or more working groups: tell us about yourself and which "
        "groups' principles you share."
    )

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Above the form: who can join and why.",
    )
    thank_you_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="On the thank-you page, above the list of groups asked for and what happens next.",
    )
    confirmed_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown once someone has confirmed their e-mail address.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("confirmed_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    @staticmethod
    def joinable_groups():
        return public_pages(WorkingGroupPage.objects.live()).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(standing_of(request.user))
        return context

    def get_form(self, request):
        """The empty form: groups pre-ticked from ?groups=, and a member's
        own details filled in."""
        initial = {}
        if "groups" in request.GET:
            initial["groups"] = request.GET["groups"].split(",")
        user = request.user
        if user.is_authenticated:
            initial.update(
                first_name=user.first_name, last_name=user.last_name, email=user.email
            )
            # The latest details its owner confirmed, never a stranger's.
            latest = (
                MembershipRequest.objects.for_email(user.email)
                .exclude(email_confirmed_at=None)
                .order_by("-created_at")
                .first()
            )
            if latest is not None:
                # Their details as they last gave them; the name is the account's.
                initial.update(
                    {
                        field: getattr(latest, field)
                        for field in APPLICANT_DETAILS
                        if field not in initial
                    }
                )
        return JoinForm(request=request, groups=self.joinable_groups(), initial=initial)

    def render_landing_page(self, request, groups):
        # Post/redirect/get: reloading the thank-you page never re-submits.
        slugs = ",".join(group.slug for group in groups)
        return redirect(f"{self.url}{self.reverse_subpage('thank_you')}?groups={slugs}")

    @path("")
    def join(self, request):
        if request.method != "POST":
            return self.render_form(request, self.get_form(request))
        joining = self._joining()
        if joining.too_large(request):
            return HttpResponse(
                "Request too large.", status=413, content_type="text/plain"
            )
        outcome = joining.join(request, request.POST)
        if outcome.taken:
            return self.render_landing_page(request, outcome.groups)
        return self.render_form(request, outcome.form, status=outcome.status)

    def render_form(self, request, form, status=200):
        return TemplateResponse(
            request,
            "groups/join_page.html",
            {
                **self.get_context(request),
                "form": form,
                "working_groups": form.group_choices,
                # What the agreement covers: a group without principles has none.
                "groups_with_principles": [
                    group for group in form.group_choices if group.principles.all()
                ],
            },
            status=status,
        )

    @path("thank-you/")
    def thank_you(self, request):
        slugs = request.GET.get("groups", "").split(",")
        groups = public_pages(WorkingGroupPage.objects.live()).filter(slug__in=slugs)
        return TemplateResponse(
            request,
            "groups/join_page_thank_you.html",
            {
                **self.get_context(request),
                "working_groups": groups,
                "max_age_days": self._joining().lifecycle.CONFIRMATION_MAX_AGE_DAYS,
            },
        )

    @path("confirm/<str:token>/")
    def confirm(self, request, token):
        lifecycle = self._joining().lifecycle
        request_ids = lifecycle.read_confirmation_token(token)
        context = {
            **self.get_context(request),
            "token_valid": request_ids is not None,
            "max_age_days": lifecycle.CONFIRMATION_MAX_AGE_DAYS,
        }
        if request_ids is not None and request.method == "POST":
            context["confirmed"] = lifecycle.confirm(request_ids)
            context["already_confirmed"] = not context["confirmed"]
        elif request_ids is not None:
            # Shown before the button: what exactly is being confirmed.
            context["to_confirm"] = lifecycle.requests_to_confirm(request_ids)
        response = TemplateResponse(
            request,
            "groups/join_page_confirm.html",
            context,
            status=200 if request_ids is not None else 400,
        )
        add_never_cache_headers(response)  # one person's link
        return response

    @staticmethod
    def _joining():
        # The join flow (groups.joining) imports these models, so the page
        # reaches it here: the one local import of this module.
        from groups import joining

        return joining
