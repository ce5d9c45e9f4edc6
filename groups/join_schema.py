"""The join form described for a front end built elsewhere: the answer of
GET /api/v2/join/.

Everything comes from the JoinForm the join page renders (its fields'
names, labels, help, rules and choices) and from the groups one can join,
so the page and a partner's form built from this cannot drift apart.
"""

from django import forms

from cms.email_domains import OFFICIAL_DOMAINS_RULE
from groups.forms import PERSONAL_EMAIL_HELP


def field_type(field):
    """The HTML control a front end should use: an input type (text,
    email, tel, checkbox: several where `multiple`), select or textarea."""
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return widget.attrs.get("type") or widget.input_type


def choices(field):
    """A choice field's options, without the empty "Choose…" prompt."""
    return [
        {"value": str(value), "label": str(label)}
        for value, label in field.choices
        if str(value) != ""
    ]


def describe_field(bound_field):
    field = bound_field.field
    description = {
        "name": bound_field.name,
        "label": str(bound_field.label),
        "help_text": str(bound_field.help_text),
        "required": field.required,
        "type": field_type(field),
        "multiple": getattr(field.widget, "allow_multiple_selected", False),
    }
    if getattr(field, "max_length", None):
        description["max_length"] = field.max_length
    if isinstance(field, forms.ChoiceField):
        description["choices"] = choices(field)
    return description


def describe_group(group):
    return {
        "slug": group.slug,
        "title": group.title,
        "summary": group.summary,
        "principles_intro": group.principles_intro,
        "principles": [principle.text for principle in group.principles.all()],
    }


def join_form_schema(form):
    """The unbound join form `form` as JSON-ready data."""
    return {
        "fields": [describe_field(field) for field in form.fields_for_people],
        "groups": [describe_group(group) for group in form.group_choices],
        "agreement": str(form.fields["agree_principles"].label),
        "personal_email": {"why": PERSONAL_EMAIL_HELP, "rule": OFFICIAL_DOMAINS_RULE},
    }
