"""Page-tree rules and the editor's flows for working-group pages."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.models import User
from cms.models import HomePage
from cms.roles import EDITORS
from groups.demo_content import ensure_child_page, ensure_home_page
from groups.models import WorkingGroupIndexPage, WorkingGroupPage, WorkingGroupPrinciple


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_home_page()
        cls.index = ensure_child_page(
            cls.home,
            WorkingGroupIndexPage,
            slug="working-groups",
            title="Working Groups",
        )
        cls.editor = User.objects.create_user(
            "editor@example.org", "a-long-pass-phrase"
        )
        cls.editor.groups.add(Group.objects.get(name=EDITORS))

    def setUp(self):
        self.client.force_login(self.editor)

    def test_where_each_page_type_can_go(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, WorkingGroupIndexPage)
        self.assertCanCreateAt(WorkingGroupIndexPage, WorkingGroupPage)
        self.assertCanNotCreateAt(HomePage, WorkingGroupPage)
        self.assertCanNotCreateAt(WorkingGroupPage, WorkingGroupPage)
        self.assertAllowedSubpageTypes(WorkingGroupPage, set())
        self.assertAllowedParentPageTypes(WorkingGroupPage, {WorkingGroupIndexPage})
        self.assertAllowedParentPageTypes(WorkingGroupIndexPage, {HomePage})

    def test_there_is_one_index_and_one_home(self):
        self.assertFalse(WorkingGroupIndexPage.can_create_at(self.home))
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_an_editor_creates_a_group_with_principles(self):
        self.assertCanCreate(
            self.index,
            WorkingGroupPage,
            nested_form_data(
                {
                    "title": "Housing Working Group",
                    "slug": "housing",
                    "summary": "Homes people can afford.",
                    "description": rich_text("<p>Legislators for housing.</p>"),
                    "principles_intro": "We believe that:",
                    "principles": inline_formset(
                        [{"text": "Housing is a right."}, {"text": "Build more homes."}]
                    ),
                    "closing_text": rich_text(""),
                }
            ),
        )
        page = WorkingGroupPage.objects.get(slug="housing")
        self.assertTrue(page.live)
        self.assertEqual(
            [p.text for p in page.principles.all()],
            ["Housing is a right.", "Build more homes."],
        )
        response = self.client.get("/working-groups/housing/")
        self.assertContains(response, "Housing is a right.")
        self.assertContains(response, "We believe that:")

    def test_reordering_principles_in_the_editor_changes_page_and_api(self):
        page = ensure_child_page(
            self.index,
            WorkingGroupPage,
            slug="tax",
            title="Tax Fairness Working Group",
            summary="Fair taxes.",
            description="<p>Tax.</p>",
            principles=[
                WorkingGroupPrinciple(text=t) for t in ("Alpha", "Bravo", "Charlie")
            ],
        )
        first, second, third = page.principles.all()
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "summary": page.summary,
                    "description": rich_text(page.description),
                    "principles_intro": "",
                    "closing_text": rich_text(""),
                    # Charlie moves to the top; Bravo is removed.
                    "principles": inline_formset(
                        [
                            {"id": first.pk, "text": "Alpha", "ORDER": "1"},
                            {"id": second.pk, "text": "Bravo", "DELETE": "1"},
                            {"id": third.pk, "text": "Charlie", "ORDER": "0"},
                        ],
                        initial=3,
                    ),
                    "action-publish": "action-publish",
                }
            ),
        )
        self.assertEqual(response.status_code, 302)

        html = self.client.get("/working-groups/tax/").content.decode()
        self.assertLess(html.index("Charlie"), html.index("Alpha"))
        self.assertNotIn("Bravo", html)
        api = self.client.get(f"/api/v2/pages/{page.pk}/").json()
        self.assertEqual(api["principles"], ["Charlie", "Alpha"])

    def test_the_members_group_and_collection_are_not_editable(self):
        response = self.client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["groups", "workinggrouppage", self.index.pk],
            )
        )
        form = response.context["form"]
        self.assertNotIn("members_group", form.fields)
        self.assertNotIn("collection", form.fields)

    def test_pages_render(self):
        group = ensure_child_page(
            self.index,
            WorkingGroupPage,
            slug="health",
            title="Health Reform Working Group",
            summary="Health.",
            description="<p>Health.</p>",
        )
        for page in (self.home, self.index, group):
            self.assertPageIsRenderable(page)
