"""Views of the groups app outside the page tree."""

import json

from django.http import JsonResponse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from groups import joining
from groups.cors import allow_partner_origins
from groups.forms import JoinForm
from groups.join_schema import join_form_schema
from groups.models import JoinPage

# The form's fields a JSON sign-up gives as strings: all but the list of
# groups and the agreement (read below), so that a field added to the form
# is taken here too.
TEXT_FIELDS = [
    name for name in JoinForm.base_fields if name not in ("groups", "agree_principles")
]


def is_text(value):
    """A string that can be stored: no lone surrogates from a hostile \\ud800."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def form_data_from_json(payload):
    """The join form's data from a JSON object, and errors for values of the
    wrong type (the form itself would turn anything into a string). As on
    the form, `groups` may be one slug or a list, and `agree_principles`
    true or "on"."""
    data, errors = MultiValueDict(), {}
    for field in TEXT_FIELDS:
        value = payload.get(field)
        if is_text(value):
            data[field] = value
        elif value is not None:
            errors[field] = ["Must be a string."]
    groups = payload.get("groups", [])
    groups = [groups] if is_text(groups) else groups
    if isinstance(groups, list) and all(is_text(slug) for slug in groups):
        data.setlist("groups", groups)
    else:
        errors["groups"] = ["Must be a list of working group slugs."]
    agree = payload.get("agree_principles", False)
    if agree is True or agree in ("on", "true"):
        data["agree_principles"] = "on"
    elif agree not in (False, None, "", "false"):
        errors["agree_principles"] = ["Must be true or false."]
    return data, errors


@csrf_exempt  # it acts for nobody: no cookie, and so no session, gives it authority
@require_http_methods(["GET", "OPTIONS", "POST"])
@allow_partner_origins(methods=["GET", "POST"])
def join_api(request):
    """The join form as JSON: GET describes it (groups.join_schema), POST
    takes a sign-up through the same flow as the join page (groups.joining)."""
    if request.method == "GET":
        form = JoinForm(request=request, groups=JoinPage.joinable_groups())
        return JsonResponse(join_form_schema(form))
    if joining.too_large(request):
        return JsonResponse({joining.NON_FIELD: ["Request too large."]}, status=413)
    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({joining.NON_FIELD: ["Send a JSON object."]}, status=400)
    data, type_errors = form_data_from_json(payload)
    outcome = joining.join(request, data, type_errors)
    if not outcome.taken:
        return JsonResponse(outcome.errors, status=outcome.status)
    # The same answer for every valid sign-up, a bot's too.
    return JsonResponse(
        {
            "email": outcome.form.cleaned_data["email"],
            "groups": [group.slug for group in outcome.groups],
            "detail": joining.CHECK_YOUR_EMAIL,
        },
        status=201,
    )
