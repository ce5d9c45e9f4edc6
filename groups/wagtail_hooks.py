from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from groups.membership_admin import MembershipAdmin, MembershipRequestAdmin


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = [MembershipRequestAdmin, MembershipAdmin]


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
