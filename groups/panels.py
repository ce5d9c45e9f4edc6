"""Editor panels of the working-group pages."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class PrivateAccessPanel(Panel):
    """Shows, read-only, the members group and private collection of a group.

    They are created with the page and follow its title; nobody picks them in
    the editor, because pointing a page at another group's collection would
    open that group's documents to the wrong members.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "groups/panels/private_access.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            group = self.instance.members_group
            collection = self.instance.collection
            if collection:
                context.update(
                    collection_url=reverse(
                        "wagtailadmin_collections:edit", args=[collection.pk]
                    ),
                    documents_url=f"{reverse('wagtaildocs:index')}?collection_id={collection.pk}",
                    document_count=self.instance.documents().count(),
                )
            context.update(members_group=group, collection=collection)
            return context
