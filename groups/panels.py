"""Editor panels of the working-group pages."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from groups.access import collection_in_admin_reach, document_policy


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
                    upload_url=upload_url(self.request.user, collection),
                    # Only those who may see the documents learn how many there are.
                    document_count=self.instance.documents().count()
                    if collection_in_admin_reach(self.request.user, collection)
                    else None,
                )
            context.update(members_group=group, collection=collection)
            return context


def upload_url(user, collection):
    """Wagtail's document upload with `collection` chosen, for those who may
    add documents to it; otherwise None. (Its default, the root, is never
    where a group's documents belong.)"""
    may_add = (
        document_policy()
        .collections_user_has_permission_for(user, "add")
        .filter(pk=collection.pk)
        .exists()
    )
    if not may_add:
        return None
    return f"{reverse('wagtaildocs:add_multiple')}?collection_id={collection.pk}"
