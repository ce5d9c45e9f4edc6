"""An editor previews a group page in a separate front end
(HEADLESS_PREVIEW_URL): the editor's preview panel opens the front end with
a token, and the front end (a stand-in) builds the page from the API's
draft."""

import html
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from groups.models import WorkingGroupPage
from tests.e2e.conftest import log_in_to_the_admin
from tests.e2e.test_coordinators_desk import screenshot


@pytest.fixture
def front_end(live_server):
    """A stand-in for the partner's front end, server-rendered: its preview
    page reads the draft from the API with the token it is given. Yields
    its preview URL and the queries it was asked."""
    asked = []

    class PreviewPage(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query)
            asked.append(query)
            api = f"{live_server.url}/api/v2/page_preview/?" + urlencode(
                {"content_type": query["content_type"][0], "token": query["token"][0]}
            )
            with urlopen(api) as response:
                draft = json.load(response)
            body = (
                "<!doctype html><html lang='en'><title>Preview</title>"
                f"<main><h1>{html.escape(draft['title'])}</h1>"
                f"<p>{html.escape(draft['summary'])}</p></main></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), PreviewPage)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/preview", asked
    server.shutdown()


def test_an_editor_previews_unsaved_changes_in_the_front_end(
    strict_page, front_end, settings
):
    settings.HEADLESS_PREVIEW_URL, asked = front_end
    page = strict_page
    call_command("load_demo_content", stdout=None)
    group = WorkingGroupPage.objects.get(slug="immigration")

    log_in_to_the_admin(page)
    page.goto(f"/admin/pages/{group.pk}/edit/")
    page.get_by_role("textbox", name="Summary").fill("Typed in the editor, not saved.")
    page.get_by_role("button", name="Toggle preview").click()

    preview = page.locator("iframe[title='Preview']").last.content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Immigration Working Group"
    )
    expect(preview.get_by_text("Typed in the editor, not saved.")).to_be_visible()
    assert asked[-1]["content_type"] == ["groups.workinggrouppage"]
    screenshot(page, "headless-preview-panel")
    assert page.csp_violations == []
    group.refresh_from_db()
    assert group.summary != "Typed in the editor, not saved."
