from django.shortcuts import get_list_or_404, redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.documents.views.bulk_actions.add_tags import AddTagsBulkAction
from wagtail.documents.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction,
)
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction
from wagtail.images import get_image_model
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms import openapi
from groups import alerts, join_openapi, member_openapi
from groups.access import (
    documents_in_admin_reach,
    private_collections,
    private_collections_parent,
    sees_membership_data_or_private_documents,
)
from groups.admin_forms import IMAGES_ARE_PUBLIC, NOT_IN_PARENT
from groups.admin_roster import RosterLegislatorAdmin
from groups.dashboard import add_group_documents_panel, add_waiting_requests_panel
from groups.documents import refuse_other_groups_members
from groups.membership_admin import (
    DIGITS,
    DocumentDownloadAdmin,
    MembershipAdmin,
    MembershipRequestAdmin,
    NotificationSettingsAdmin,
)


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = [
        MembershipRequestAdmin,
        MembershipAdmin,
        DocumentDownloadAdmin,
        NotificationSettingsAdmin,
        RosterLegislatorAdmin,
    ]


modeladmin_register(MembershipAdminGroup)
# Before Wagtail's own check, which would send the person to log in again.
hooks.register("before_serve_document", refuse_other_groups_members, order=-1)
hooks.register("must_use_two_factor", sees_membership_data_or_private_documents)
hooks.register("construct_homepage_panels", add_waiting_requests_panel)
hooks.register("construct_homepage_panels", add_group_documents_panel)


@hooks.register("insert_global_admin_css")
def membership_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("groups/admin.css"))


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(
        "groups.request.approve", "Approve membership request", "Approved"
    )
    actions.register_action(
        "groups.request.decline", "Decline membership request", "Declined"
    )
    actions.register_action(
        "groups.membership.leave", "Leave working group", "Left the group"
    )
    actions.register_action(
        "groups.membership.agree",
        "Agree to changed principles",
        "Agreed to the changed principles",
    )


@hooks.register("before_bulk_action")
def refuse_moves_the_forms_refuse(request, action_type, objects, action):
    # The bulk "add to collection" obeys the forms' rules: no image in a
    # private collection (renditions are public files), no document in the
    # folder that holds the groups' collections.
    if action_type != "add_to_collection":
        return None
    collection = action.cleaned_form.cleaned_data.get("collection")
    if collection is None:
        return None
    if get_image_model() in action.models:
        if private_collections().filter(pk=collection.pk).exists():
            messages.error(request, IMAGES_ARE_PUBLIC)
            return redirect("wagtailimages:index")
    elif collection.pk == private_collections_parent().pk:
        messages.error(request, NOT_IN_PARENT)
        return redirect("wagtaildocs:index")
    return None


class DocumentsInReach:
    """A document bulk action that knows only the documents in the user's
    reach. Wagtail's takes the ids from the address as they come and lists
    the titles of those the user may not touch ("you don't have permission
    to delete..."): any id typed in would show a private document's title.
    Here others are as unknown as ids that don't exist."""

    def get_queryset(self, model, object_ids):
        ids = [pk for pk in object_ids if DIGITS.fullmatch(str(pk))]
        return get_list_or_404(documents_in_admin_reach(self.request.user), pk__in=ids)


class AddToCollectionInReach(DocumentsInReach, AddToCollectionBulkAction):
    """Wagtail's move to a collection (one UPDATE, which sends no signal),
    announcing the documents it moves into a group's collection as a save
    would."""

    @classmethod
    def execute_action(cls, objects, collection=None, **kwargs):
        done = super().execute_action(objects, collection=collection, **kwargs)
        for document in objects:
            if collection and alerts.moved_into_group(
                document.collection_id, collection
            ):
                document.collection = collection
                alerts.announce(document)
        return done


# Registered after Wagtail's (order=1), so these replace them, keyed by action_type.
for wagtail_action in (DeleteBulkAction, AddTagsBulkAction):
    hooks.register(
        "register_bulk_action",
        type(wagtail_action.__name__, (DocumentsInReach, wagtail_action), {}),
        order=1,
    )
hooks.register("register_bulk_action", AddToCollectionInReach, order=1)

# The join API and the member's API in the OpenAPI document at /api/v2/schema/.
hooks.register(openapi.HOOK, join_openapi.openapi)
hooks.register(openapi.HOOK, member_openapi.openapi)
