"""The public API described as an OpenAPI 3.1 document, at /api/v2/schema/.

Built from the code at each request, not written by hand: the endpoints
registered on the API router with their declared fields and query
parameters, every page type with its `api_fields`, and the paths other apps
add through the `register_api_schema` hook (the join API, by groups).

Why not drf-spectacular: Wagtail's endpoints build their serializers per
request (from ?type= and ?fields=), so introspection sees no fields, and
the join API is a plain Django view that DRF tools don't see at all.
"""

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page, get_page_models

from cms.api import api_router

HOOK = "register_api_schema"
VERSION = "2"

STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
TAGS = {"type": "array", "items": STRING}
# A page the answer links to (meta.parent, meta.alias_of): Wagtail's nested form.
LINKED_PAGE = {
    "type": ["object", "null"],
    "required": ["id", "meta", "title"],
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object"},
        "title": STRING,
    },
}
MESSAGE = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": STRING},
}
# DRF's answer to a refusal.
DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": STRING},
}

# Fields Wagtail's serializers compute rather than read from a model field.
COMPUTED_FIELDS = {
    "type": {"type": "string", "description": "app_label.ModelName"},
    "detail_url": URL,
    "html_url": {**URL, "type": ["string", "null"]},
    "download_url": URL,
    "tags": TAGS,
    "parent": LINKED_PAGE,
    "alias_of": LINKED_PAGE,
    "locale": {"type": "string", "description": "The language code."},
}
MODEL_FIELD_TYPES = {
    "AutoField": {"type": "integer"},
    "BigAutoField": {"type": "integer"},
    "BooleanField": {"type": "boolean"},
    "CharField": STRING,
    "DateField": {"type": "string", "format": "date"},
    "DateTimeField": {"type": "string", "format": "date-time"},
    "IntegerField": {"type": "integer"},
    "PositiveIntegerField": {"type": "integer"},
    "SlugField": STRING,
    "TextField": STRING,  # rich text too: HTML
    "URLField": URL,
}
QUERY_PARAMETERS = {
    "limit": ("integer", "How many items to answer (20 unless given)."),
    "offset": ("integer", "How many items to skip."),
    "fields": (
        "string",
        "Comma-separated fields to add to each item (`*` all, `-name` to drop one, `_` none).",
    ),
    "order": ("string", "A field to order by (`-field` descending, `random`)."),
    "search": ("string", "Words to search for."),
    "search_operator": ("string", "`and` or `or`: how the words combine."),
    "rich_text_format": ("string", "`html` (default) or `draftail`."),
    "type": ("string", "Only pages of this type, e.g. `groups.WorkingGroupPage`."),
    "child_of": ("integer", "Only the children of this page id."),
    "ancestor_of": ("integer", "Only the ancestors of this page id."),
    "descendant_of": ("integer", "Only the descendants of this page id."),
    "translation_of": ("integer", "Only translations of this page id."),
    "locale": ("string", "Only pages in this language."),
    "site": ("string", "The site's hostname, for a deployment with several."),
    "id": ("integer", "The id to find."),
    "html_path": ("string", "A page's path on the site, e.g. `/working-groups/`."),
}
# Wagtail's own: jQuery's cache-buster and the browsable API's switch.
UNDOCUMENTED_PARAMETERS = {"_", "format"}


def nullable(schema):
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*dict.fromkeys([*types, "null"])]}


def field_schema(model, name, serializer=None):
    """The JSON schema of field `name` of `model` as the API answers it."""
    if serializer is not None and hasattr(serializer, "openapi_schema"):
        return serializer.openapi_schema
    if name in COMPUTED_FIELDS:
        return COMPUTED_FIELDS[name]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise LookupError(
            f"{model._meta.label}.{name}: no schema; give its serializer an openapi_schema"
        ) from None
    schema = MODEL_FIELD_TYPES.get(field.get_internal_type())
    if schema is None:
        raise LookupError(
            f"{model._meta.label}.{name}: no schema for a {field.get_internal_type()}"
        )
    return nullable(schema) if field.null else schema


def item_schema(model, endpoint, extra_fields=()):
    """An item of `endpoint`: its body fields, its meta fields under `meta`,
    and `extra_fields` (a page type's api_fields)."""
    meta = {name: field_schema(model, name) for name in endpoint.meta_fields}
    body = {name: field_schema(model, name) for name in endpoint.body_fields}
    for api_field in extra_fields:
        body[api_field.name] = field_schema(model, api_field.name, api_field.serializer)
    return {
        "type": "object",
        "required": ["id", "meta"],
        "properties": {
            **body,
            "meta": {"type": "object", "required": ["type"], "properties": meta},
        },
    }


def schema_name(model):
    return model._meta.label.replace(".", "_")


def page_schemas(endpoint):
    """One schema per page type, told apart by meta.type; every field
    beyond id and meta is optional, since ?fields= chooses them."""
    schemas = {}
    for model in get_page_models():
        schema = item_schema(model, endpoint, getattr(model, "api_fields", ()))
        schema["properties"]["meta"]["properties"]["type"] = {
            "const": model._meta.label
        }
        schemas[schema_name(model)] = schema
    return schemas


def endpoint_schemas(name, endpoint):
    """{component name: schema} of the items `endpoint` answers, and the
    schema of one item."""
    if issubclass(endpoint.model, Page):
        schemas = page_schemas(endpoint)
        one_of = [{"$ref": f"#/components/schemas/{key}"} for key in schemas]
        return schemas, {"oneOf": one_of}
    key = schema_name(endpoint.model)
    return {key: item_schema(endpoint.model, endpoint)}, {
        "$ref": f"#/components/schemas/{key}"
    }


def query_parameters(names):
    parameters = []
    for name in sorted(set(names) - UNDOCUMENTED_PARAMETERS):
        kind, description = QUERY_PARAMETERS[name]
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": kind},
            }
        )
    return parameters


def json_answer(description, schema):
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def endpoint_paths(name, endpoint, item):
    listing = reverse(f"{api_router.url_namespace}:{name}:listing")
    label = endpoint.model._meta.verbose_name_plural
    bad_query = json_answer("A query parameter it can't use, and why.", MESSAGE)
    not_found = json_answer("No such item (or not one the caller may see).", MESSAGE)
    return {
        listing: {
            "get": {
                "operationId": f"{name}_listing",
                "summary": f"The {label}, a page of them at a time.",
                "description": (
                    "Any field of the items can also filter them: `?slug=tax-fairness`."
                ),
                "parameters": query_parameters(endpoint.known_query_parameters),
                "responses": {
                    "200": json_answer(
                        f"The {label}.",
                        {
                            "type": "object",
                            "required": ["meta", "items"],
                            "properties": {
                                "meta": {
                                    "type": "object",
                                    "required": ["total_count"],
                                    "properties": {"total_count": {"type": "integer"}},
                                },
                                "items": {"type": "array", "items": item},
                            },
                        },
                    ),
                    "400": bad_query,
                },
            }
        },
        listing + "{id}/": {
            "get": {
                "operationId": f"{name}_detail",
                "summary": f"One of the {label}, with all its fields.",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    *query_parameters({"fields", "rich_text_format"}),
                ],
                "responses": {
                    "200": json_answer("The item.", item),
                    "400": bad_query,
                    "404": not_found,
                },
            }
        },
        listing + "find/": {
            "get": {
                "operationId": f"{name}_find",
                "summary": f"Find one of the {label}: redirects to its detail.",
                "parameters": query_parameters(endpoint.find_query_parameters),
                "responses": {
                    "302": {
                        "description": "Found: `Location` is its detail URL.",
                        "headers": {"Location": {"schema": URL}},
                    },
                    "400": bad_query,
                    "404": not_found,
                },
            }
        },
    }


def one_item_paths(name, endpoint, item):
    """An endpoint answering a single item from its query (the preview)."""
    url = reverse(f"{api_router.url_namespace}:{name}:listing")
    return {
        url: {
            "get": {
                "operationId": name,
                "summary": (endpoint.__doc__ or "").split("\n\n")[0].strip(),
                "parameters": [
                    {
                        "name": "token",
                        "in": "query",
                        "required": True,
                        "schema": STRING,
                        "description": "The token of the editor's preview link.",
                    },
                    {
                        "name": "content_type",
                        "in": "query",
                        "required": False,
                        "schema": STRING,
                        "description": "The page's type, e.g. `groups.workinggrouppage`.",
                    },
                ],
                "responses": {
                    "200": json_answer("The item.", item),
                    "400": json_answer("No token, or not that type.", MESSAGE),
                    "403": json_answer("A forged or expired token, and why.", DETAIL),
                },
            }
        }
    }


def document():
    """The OpenAPI document of the public API, as a dict."""
    paths, schemas = {}, {"Message": MESSAGE, "Detail": DETAIL}
    # The router keeps its endpoints there, with no public way to list them.
    for name, endpoint in api_router._endpoints.items():
        endpoint_components, item = endpoint_schemas(name, endpoint)
        schemas.update(endpoint_components)
        describe = (
            one_item_paths
            if getattr(endpoint, "answers_one_item", False)
            else endpoint_paths
        )
        paths.update(describe(name, endpoint, item))
    paths[reverse("api_schema")] = {
        "get": {
            "operationId": "schema",
            "summary": "This document.",
            "responses": {
                "200": json_answer(
                    "The OpenAPI document of the public API.",
                    {"type": "object", "required": ["openapi", "info", "paths"]},
                )
            },
        }
    }
    for contribute in hooks.get_hooks(HOOK):
        contribution = contribute()
        paths.update(contribution["paths"])
        schemas.update(contribution.get("schemas", {}))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Working Groups API",
            "version": VERSION,
            "description": (
                "The public content of the site (pages, images, documents) and "
                "joining working groups, for partner sites and other front ends."
            ),
        },
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas},
    }
