"""The member's API (groups.member_api) in the OpenAPI document
(cms.openapi): for a front end the member is logged in to."""

from django.urls import reverse

from cms.openapi import DETAIL, STRING, json_answer

DATE_TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
GROUP = {
    "slug": STRING,
    "title": STRING,
    "html_url": URL,
}
SESSION = (
    "Logged in through the site's session cookie; anyone else is answered 403. "
    "Every answer is about the caller only, `Cache-Control: private, no-store`."
)
REFUSED = json_answer("Not logged in (or, for a change, no CSRF token).", DETAIL)
BAD_QUERY = json_answer("A query parameter it can't use, and why.", DETAIL)


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def query(name, kind, description):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": kind},
        "description": description,
    }


def schemas():
    def obj(properties):
        return {
            "type": "object",
            "required": list(properties),
            "properties": properties,
        }

    return {
        "MyGroups": obj(
            {
                "email": {"type": "string", "format": "email"},
                "groups": {
                    "type": "array",
                    "items": obj(
                        {
                            **GROUP,
                            "member_since": DATE_TIME,
                            "listed": {"type": "boolean"},
                            "alerts": {"enum": ["immediate", "weekly", "never"]},
                        }
                    ),
                },
                "pending": {
                    "type": "array",
                    "items": obj({**GROUP, "requested_at": DATE_TIME}),
                },
            }
        ),
        "MyDocuments": obj(
            {
                "meta": obj({"total_count": {"type": "integer"}}),
                "items": {
                    "type": "array",
                    "items": obj(
                        {
                            "id": {"type": "integer"},
                            "title": STRING,
                            "description": STRING,
                            "date": {"type": ["string", "null"], "format": "date"},
                            "created_at": DATE_TIME,
                            "file_extension": STRING,
                            "file_size": {"type": ["integer", "null"]},
                            "download_url": URL,
                            "group": {"type": ["string", "null"]},
                        }
                    ),
                },
            }
        ),
        "LeftGroup": obj({"group": STRING, "detail": STRING}),
    }


def openapi():
    """The member's API's part of the document: for the register_api_schema hook."""
    return {
        "paths": {
            reverse("me_api"): {
                "get": {
                    "operationId": "me",
                    "summary": "My working groups and my requests waiting for staff.",
                    "description": SESSION
                    + " Sets the `csrftoken` cookie, to send back as `X-CSRFToken`.",
                    "responses": {
                        "200": json_answer("Mine.", ref("MyGroups")),
                        "403": REFUSED,
                    },
                }
            },
            reverse("me_documents_api"): {
                "get": {
                    "operationId": "my_documents",
                    "summary": "My groups' documents, newest first.",
                    "description": SESSION,
                    "parameters": [
                        query("group", "string", "One of my groups' slugs."),
                        query("q", "string", "Words in the title or description."),
                        query(
                            "limit",
                            "integer",
                            "How many (20 unless given, 100 at most).",
                        ),
                        query("offset", "integer", "How many to skip."),
                    ],
                    "responses": {
                        "200": json_answer("The documents.", ref("MyDocuments")),
                        "400": BAD_QUERY,
                        "403": REFUSED,
                    },
                }
            },
            reverse("me_leave_group_api", args=["slug"]).replace("slug", "{slug}"): {
                "post": {
                    "operationId": "leave_group",
                    "summary": "Leave one of my groups (staff are told).",
                    "description": SESSION + " Needs the `X-CSRFToken` header.",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": STRING,
                        }
                    ],
                    "responses": {
                        "200": json_answer("Left.", ref("LeftGroup")),
                        "403": REFUSED,
                        "404": json_answer("Not one of my groups.", DETAIL),
                    },
                }
            },
        },
        "schemas": schemas(),
    }
