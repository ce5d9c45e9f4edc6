from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages
from wagtail.images import get_image_model
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from groups.access import (
    private_collections,
    private_collections_parent,
    sees_membership_data_or_private_documents,
)
from groups.admin_forms import IMAGES_ARE_PUBLIC, NOT_IN_PARENT
from groups.documents import refuse_other_groups_members
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
# Before Wagtail's own check, which would send the person to log in again.
hooks.register("before_serve_document", refuse_other_groups_members, order=-1)
hooks.register("must_use_two_factor", sees_membership_data_or_private_documents)


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
