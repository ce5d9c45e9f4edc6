from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages
from wagtail.images import get_image_model
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from groups.access import private_collections
from groups.membership_admin import (
    DocumentDownloadAdmin,
    MembershipAdmin,
    MembershipRequestAdmin,
)


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = [MembershipRequestAdmin, MembershipAdmin, DocumentDownloadAdmin]


modeladmin_register(MembershipAdminGroup)


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


@hooks.register("before_bulk_action")
def keep_images_out_of_private_collections(request, action_type, objects, action):
    # The image form refuses a private collection; so does the bulk "add to
    # collection" (image renditions are public files).
    if action_type != "add_to_collection" or get_image_model() not in action.models:
        return None
    collection = action.cleaned_form.cleaned_data.get("collection")
    if (
        collection is not None
        and private_collections().filter(pk=collection.pk).exists()
    ):
        messages.error(
            request,
            "Images are always public, so they can't go into a working group's "
            "members-only collection.",
        )
        return redirect("wagtailimages:index")
    return None
