"""What the application tells the operator behind the front: the request
log's client, and an upload past the limit's one reason."""

import json
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection


def test_the_request_log_names_the_client_the_proxy_saw(client, home_page, caplog):
    with caplog.at_level(logging.INFO, logger="cms.requests"):
        # The first entry is the client's own claim; nginx appended the last.
        client.get("/", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7")

    (record,) = [r for r in caplog.records if r.name == "cms.requests"]
    assert json.loads(record.getMessage())["client_ip"] == "198.51.100.7"


def test_a_document_too_large_is_refused_for_its_size_only(client, superuser, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    client.force_login(superuser)

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Budget",
            "collection": Collection.objects.get(name="Public").pk,
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4 too large"),
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "This file is too big (18\xa0bytes). Maximum filesize 10\xa0bytes."
    ]


def test_a_request_without_an_address_is_logged_and_answered(client, home_page, caplog):
    with caplog.at_level(logging.INFO, logger="cms.requests"):
        response = client.get("/", REMOTE_ADDR="")

    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "cms.requests"]
    assert json.loads(record.getMessage())["client_ip"] is None
