"""What every template may link to in the membership domain."""

from groups.models.pages import JOIN_PATH, WORKING_GROUPS_PATH


def links(request):
    return {"join_path": JOIN_PATH, "working_groups_path": WORKING_GROUPS_PATH}
