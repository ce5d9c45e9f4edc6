from django.db import models, transaction
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from groups.access import (
    create_members_group,
    create_private_collection,
    rename_private_access,
)
from groups.api import PrincipleTextsField
from groups.panels import PrivateAccessPanel

JOIN_PATH = "/join/"
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class WorkingGroupIndexPage(Page):
    """The list of working groups, at /working-groups/."""

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
        context["working_groups"] = (
            WorkingGroupPage.objects.child_of(self).live().public().specific()
        )
        return context


class WorkingGroupPage(Page):
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
    closing_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text after the principles.",
    )
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
        APIField("closing_text"),
        APIField("join_url"),
    ]
    # A copy gets a members group and collection of its own (see save()).
    exclude_fields_in_copy = ["members_group", "collection"]

    parent_page_types = ["groups.WorkingGroupIndexPage"]
    subpage_types = []

    @property
    def join_url(self):
        return f"{JOIN_PATH}?groups={self.slug}"

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
