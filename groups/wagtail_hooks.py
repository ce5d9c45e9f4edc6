from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from groups.models import MembershipRequest


class MembershipRequestAdmin(ModelAdmin):
    """Sign-ups from the join page, one row per person and group."""

    model = MembershipRequest
    menu_label = "Requests"
    menu_icon = "form"
    inspect_view_enabled = True
    list_display = [
        "full_name",
        "email",
        "state",
        "district",
        "role",
        "group",
        "status",
        "email_confirmed_at",
        "created_at",
    ]
    list_filter = ["group", "state", "status"]
    search_fields = ["first_name", "last_name", "email"]


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = [MembershipRequestAdmin]


modeladmin_register(MembershipAdminGroup)
