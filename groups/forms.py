"""The join form: the same rules for the join page and POST /api/v2/join/."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from cms.email_domains import normalise_domain
from cms.models import EmailDomainPolicy
from cms.validators import no_control_characters
from groups.models.membership import Chamber, Role
from groups.us_states import US_STATES

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")
PERSONAL_EMAIL_HELP = (
    "Why a personal address: members receive the groups' strategic planning "
    "documents, and an official (government or legislature) e-mail account is "
    "open to public-records requests."
)


class PersonalEmailField(forms.EmailField):
    """An e-mail address at a personal (not official) domain, normalised:
    trimmed, the domain lower-cased and without a trailing dot."""

    policy = None  # the site's EmailDomainPolicy, set by the form

    def to_python(self, value):
        value = super().to_python(value)
        local, at, domain = value.rpartition("@")
        if at and local and domain:
            value = f"{local}@{normalise_domain(domain)}"
        return value

    def clean(self, value):
        email = super().clean(value)
        if email and self.policy:
            self.policy.validate_personal(email)
        return email


class GroupChoiceField(forms.ModelMultipleChoiceField):
    """Working groups by slug; a value that can't be a slug is refused
    before it reaches the database."""

    def _check_values(self, value):
        for slug in value:
            if not SLUG.fullmatch(str(slug)):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return super()._check_values(value)


def text_field(label, *, max_length, required=True, message=None, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_control_characters, *kwargs.pop("validators", [])],
        error_messages={"required": message} if message else {},
        **kwargs,
    )


class JoinForm(forms.Form):
    """A request to join one or more working groups."""

    first_name = text_field(
        "First name",
        max_length=100,
        message="Enter your first name.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = text_field(
        "Last name",
        max_length=100,
        message="Enter your last name.",
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = PersonalEmailField(
        label="Personal e-mail address",
        max_length=320,
        help_text=PERSONAL_EMAIL_HELP,
        error_messages={
            "required": "Enter your personal e-mail address.",
            "invalid": "Enter an e-mail address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = text_field(
        "Phone (optional)",
        max_length=40,
        required=False,
        validators=[
            RegexValidator(
                r"^[0-9+().\- ]*(?:(?:ext\.?|x) ?[0-9]+)?$",
                "Enter a phone number using digits, spaces and + ( ) - . only.",
            )
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    state = forms.ChoiceField(
        label="State or territory",
        choices=[("", "Choose…"), *US_STATES],
        error_messages={
            "required": "Choose your state or territory.",
            "invalid_choice": "Choose your state or territory from the list.",
        },
    )
    chamber = forms.ChoiceField(
        choices=[("", "Choose…"), *Chamber.choices],
        error_messages={
            "required": "Choose your chamber.",
            "invalid_choice": "Choose your chamber from the list.",
        },
    )
    district = text_field("District", max_length=50, message="Enter your district.")
    role = forms.ChoiceField(
        choices=[("", "Choose…"), *Role.choices],
        error_messages={
            "required": "Choose whether you are a legislator or legislative staff.",
            "invalid_choice": "Choose your role from the list.",
        },
    )
    works_for = text_field(
        "Legislator you work for (staff only)",
        max_length=200,
        required=False,
        help_text="If you are legislative staff: the legislator you work for, e.g. Sen. Jane Doe.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    groups = GroupChoiceField(
        label="Working groups",
        help_text=(
            "Check all that apply if you are interested in joining and agree "
            "with the principles listed"
        ),
        queryset=None,  # the groups one can join, given to the form
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one working group.",
            "invalid_choice": "“%(value)s” is not a working group you can join.",
            "invalid_list": "Choose working groups from the list.",
        },
    )
    agree_principles = forms.BooleanField(
        label="I agree with the principles of each group I've checked",
        error_messages={
            "required": "Confirm that you agree with the principles of each group you've checked."
        },
    )
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label="Leave this field empty")
    HONEYPOT = "website"

    def __init__(self, data=None, *, request, groups, **kwargs):
        """`groups`: the working groups one can join (a queryset)."""
        super().__init__(data, label_suffix="", **kwargs)
        self.fields["groups"].queryset = groups
        # For showing the form: each group with its principles.
        self.group_choices = groups.prefetch_related("principles")
        self.fields["email"].policy = EmailDomainPolicy.for_request(request)

    def clean(self):
        cleaned_data = super().clean()
        # Only staff work for a legislator: a legislator's answer (typed
        # before they changed their role) is not kept.
        if cleaned_data.get("role") != Role.STAFF:
            cleaned_data["works_for"] = ""
        return cleaned_data

    @property
    def fields_for_people(self):
        """The bound fields a person fills in: all but the honeypot."""
        return [field for field in self if field.name != self.HONEYPOT]

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get(self.HONEYPOT))

    @property
    def checked_groups(self):
        """The slugs ticked, as submitted or pre-ticked from ?groups=."""
        value = self["groups"].value() or []
        return {str(slug) for slug in value}
