"""Views of the groups app outside the page tree."""

import json

from django.http import JsonResponse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from groups import joining
from groups.forms import JoinForm
from groups.models.pages import JOIN_MAX_BODY_SIZE

TEXT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "state",
    "chamber",
    "district",
    "role",
    "phone",
    "website",
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


def error_response(errors, status=400):
    return JsonResponse(errors, status=status)


@csrf_exempt  # it acts for nobody: no cookie, and so no session, gives it authority
@require_POST
def join_api(request):
    """The join form as JSON: the same fields and rules, one request per group."""
    body = request.read(JOIN_MAX_BODY_SIZE + 1)
    if len(body) > JOIN_MAX_BODY_SIZE:
        return error_response({"non_field_errors": ["Request too large."]}, status=413)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        return error_response({"non_field_errors": ["Send a JSON object."]})

    data, type_errors = form_data_from_json(payload)
    form = JoinForm(data, request=request)
    refusal = joining.client_limit_refusal(request)
    if refusal:
        return error_response({"non_field_errors": [refusal]}, status=429)
    if type_errors:
        return error_response(type_errors)
    if not form.is_valid():
        return error_response(
            {
                "non_field_errors" if field == "__all__" else field: list(messages)
                for field, messages in form.errors.items()
            }
        )
    # Every valid sign-up, a bot's too, gets the same answer: what is true
    # for the address is said only in the e-mail sent to it.
    if not form.is_bot:
        joining.submit(form.cleaned_data)
    return JsonResponse(
        {
            "email": form.cleaned_data["email"],
            "groups": [group.slug for group in form.cleaned_data["groups"]],
            "detail": joining.CHECK_YOUR_EMAIL,
        },
        status=201,
    )
