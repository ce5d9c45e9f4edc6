"""The join API in the OpenAPI document (cms.openapi): its paths and schemas,
built from the JoinForm like the API's answers themselves, so that a field
added to the form is described here too."""

from django import forms
from django.urls import reverse

from cms.openapi import STRING, json_answer
from groups.forms import JoinForm
from groups.joining import MAX_BODY_SIZE, NON_FIELD

STRINGS = {"type": "array", "items": STRING}
# As the form takes it: true or "on" agrees, false, null, "" or "false" doesn't.
AGREEMENT = {
    "anyOf": [
        {"type": ["boolean", "null"]},
        {"type": "string", "enum": ["on", "true", "false", ""]},
    ]
}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def input_schema(field):
    """What a JSON sign-up gives for `field`."""
    if isinstance(field, forms.BooleanField):
        return AGREEMENT
    if isinstance(field, forms.ModelMultipleChoiceField):
        # One slug is taken as a list of one.
        return {"anyOf": [STRINGS, STRING], "description": "Working group slugs."}
    schema = {"type": "string"}
    if isinstance(field, forms.EmailField):
        schema["format"] = "email"
    if isinstance(field, forms.ChoiceField):
        schema["enum"] = [value for value, _label in field.choices if value]
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema


def sign_up_schema():
    fields = {
        name: field
        for name, field in JoinForm.base_fields.items()
        if name != JoinForm.HONEYPOT
    }
    return {
        "type": "object",
        "required": [name for name, field in fields.items() if field.required],
        "properties": {
            name: {
                **input_schema(field),
                "title": str(field.label or name),
                "description": str(field.help_text),
            }
            for name, field in fields.items()
        },
    }


def errors_schema():
    """Messages by field name, as the form names its fields."""
    return {
        "type": "object",
        "propertyNames": {"enum": [*JoinForm.base_fields, NON_FIELD]},
        "additionalProperties": STRINGS,
    }


def form_description_schema():
    choice = {
        "type": "object",
        "required": ["value", "label"],
        "properties": {"value": STRING, "label": STRING},
    }
    field = {
        "type": "object",
        "required": ["name", "label", "help_text", "required", "type", "multiple"],
        "properties": {
            "name": {
                "enum": [
                    name for name in JoinForm.base_fields if name != JoinForm.HONEYPOT
                ]
            },
            "label": STRING,
            "help_text": STRING,
            "required": {"type": "boolean"},
            "type": {
                "type": "string",
                "description": (
                    "The HTML control to use: an input type (text, email, tel, "
                    "checkbox: several where `multiple`), select or textarea."
                ),
            },
            "multiple": {"type": "boolean"},
            "max_length": {"type": "integer"},
            "choices": {"type": "array", "items": choice},
        },
    }
    group = {
        "type": "object",
        "required": ["slug", "title", "summary", "principles_intro", "principles"],
        "properties": {
            "slug": STRING,
            "title": STRING,
            "summary": STRING,
            "principles_intro": STRING,
            "principles": STRINGS,
        },
    }
    return {
        "type": "object",
        "required": ["fields", "groups", "agreement", "personal_email"],
        "properties": {
            "fields": {"type": "array", "items": field},
            "groups": {"type": "array", "items": group},
            "agreement": STRING,
            "personal_email": {
                "type": "object",
                "required": ["why", "rule"],
                "properties": {"why": STRING, "rule": STRING},
            },
        },
    }


def openapi():
    """The join API's part of the document: for the register_api_schema hook."""
    errors = ref("JoinErrors")
    return {
        "paths": {
            reverse("join_api"): {
                "get": {
                    "operationId": "join_form",
                    "summary": "The join form: its fields and the groups one can join.",
                    "description": "Build a sign-up form from this alone.",
                    "responses": {
                        "200": json_answer("The form, described.", ref("JoinForm"))
                    },
                },
                "post": {
                    "operationId": "join",
                    "summary": "Ask to join one or more working groups.",
                    "description": (
                        "The same fields and rules as the join page. Every valid "
                        "sign-up gets the same answer: whether the address is "
                        "already a member is said only in the e-mail sent to it. "
                        "No cookies; cross-origin from the origins the site allows."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("JoinRequest")}},
                    },
                    "responses": {
                        "201": json_answer(
                            "Taken: the person is sent an e-mail to confirm.",
                            ref("JoinTaken"),
                        ),
                        "400": json_answer("Errors, by field name.", errors),
                        "413": json_answer(
                            f"A body over {MAX_BODY_SIZE} bytes.", errors
                        ),
                        "429": json_answer(
                            "Too many sign-ups from this client: wait and send again.",
                            errors,
                        ),
                    },
                },
            }
        },
        "schemas": {
            "JoinForm": form_description_schema(),
            "JoinRequest": sign_up_schema(),
            "JoinErrors": errors_schema(),
            "JoinTaken": {
                "type": "object",
                "required": ["email", "groups", "detail"],
                "properties": {"email": STRING, "groups": STRINGS, "detail": STRING},
            },
        },
    }
