"""The shipped front: nginx with deploy/nginx/ over TLS, in front of
`gunicorn -c deploy/gunicorn.conf.py cms.wsgi` with the production settings.

What turns private or is unpublished stops being served within
FRONT_CACHE_SECONDS, never stale; only pages the application marks public
are stored; nginx's own answers are in the site's words and headers."""

import re
import signal
import socket
import ssl
import threading
import time
from types import SimpleNamespace

import pytest
import redis
import requests
from django.conf import settings as django_settings
from django.db import connection
from wagtail.models import Collection, PageViewRestriction

from tests.helpers import free_port
from tests.servers import (
    NGINX,
    NGINX_MISSING,
    database_url,
    server_environment,
    shipped_nginx_configuration,
    start_gunicorn,
    start_nginx,
    stop,
    wait_for,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
FRONT_CACHE_SECONDS = 2
HOST = "localhost"
# nginx counts a stored page's time in whole seconds, and the test looks
# every POLL_SECONDS: what both may add to the bound.
NGINX_CLOCK = 1
POLL_SECONDS = 0.2

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason=NGINX_MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class App:
    """One gunicorn on the test database, for every test of the module: the
    slow part to start. `start()` again after a test stopped it."""

    def __init__(self, folder, media_root):
        self.port, self.folder, self.log = free_port(), folder, folder / "gunicorn.log"
        (folder / "run").mkdir()
        self.env = server_environment(
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=REDIS_URL,
            MEDIA_ROOT=str(media_root),
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            # Behind nginx, as in production: the settings' defaults.
            SECURE_SSL_REDIRECT=None,
            TRUSTED_PROXY_COUNT=None,
            FRONT_CACHE_SECONDS=str(FRONT_CACHE_SECONDS),
            # As systemd's RuntimeDirectory= sets it for the web service.
            RUNTIME_DIRECTORY=str(folder / "run"),
        )
        self.static_root = self.env["STATIC_ROOT"]
        self.start()

    def start(self):
        self.process, _ = start_gunicorn(
            self.env,
            self.log,
            port=self.port,
            headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        )


@pytest.fixture(scope="module")
def app(tmp_path_factory, django_db_setup):
    app = App(tmp_path_factory.mktemp("app"), django_settings.MEDIA_ROOT)
    yield app
    stop(app.process)


@pytest.fixture
def front(app, settings, tmp_path):
    """nginx on two free ports, with an empty cache, before the app. The
    test's own page-cache invalidations go to the app's Redis."""
    if app.process.poll() is not None:
        app.start()
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    http_port, https_port = free_port(), free_port()
    url = f"https://{HOST}:{https_port}"
    nginx = start_nginx(
        shipped_nginx_configuration(
            tmp_path,
            host=HOST,
            http_port=http_port,
            https_port=https_port,
            app_port=app.port,
            static_root=app.static_root,
            media_root=settings.MEDIA_ROOT,
        )
    )
    # Per request: the environment's CA bundle would win over a session's.
    certificate = str(tmp_path / "cert.pem")
    try:
        wait_for(url, verify=certificate)
        yield SimpleNamespace(
            url=url,
            http_url=f"http://{HOST}:{http_port}",
            https_port=https_port,
            get=lambda path, **options: requests.get(
                f"{url}{path}", allow_redirects=False, verify=certificate, **options
            ),
            certificate=certificate,
            app=app,
            cache=tmp_path / "cache",
        )
    finally:
        stop(nginx)


def assert_kept_by_the_front(front, path):
    """The front stores the page (so the checks after it are not vacuous)."""
    first, second = front.get(path), front.get(path)
    assert first.status_code == second.status_code == 200
    cache_control = first.headers["Cache-Control"].split(", ")
    assert sorted(cache_control) == [f"max-age={FRONT_CACHE_SECONDS}", "public"]
    assert second.headers["X-Front-Cache"] == "HIT", second.headers


def watch(front, paths, seconds):
    """Ask for every path in turn for `seconds`: (time, path, response)."""
    started = time.monotonic()
    answers = []
    while (elapsed := time.monotonic() - started) < seconds:
        answers += [(elapsed, path, front.get(path)) for path in paths]
        time.sleep(POLL_SECONDS)
    return answers


def assert_gone_within_the_front_cache_time(answers):
    for elapsed, path, response in answers:
        assert response.headers.get("X-Front-Cache") not in ("STALE", "UPDATING"), (
            path,
            elapsed,
        )
        if response.status_code == 200:
            assert elapsed <= FRONT_CACHE_SECONDS + NGINX_CLOCK + POLL_SECONDS, (
                path,
                elapsed,
            )


def test_a_page_made_private_or_unpublished_leaves_the_front_in_time(
    front, group_page_factory
):
    made_private = group_page_factory("Tax Fairness Working Group")
    unpublished = group_page_factory("Health Reform Working Group")
    paths = [made_private.url, unpublished.url]
    for path in paths:
        assert_kept_by_the_front(front, path)

    PageViewRestriction.objects.create(
        page=made_private, restriction_type=PageViewRestriction.LOGIN
    )
    unpublished.unpublish()
    answers = watch(front, paths, seconds=3 * FRONT_CACHE_SECONDS)

    assert_gone_within_the_front_cache_time(answers)
    last = {path: response.status_code for _, path, response in answers}
    assert last == {made_private.url: 302, unpublished.url: 404}


def test_a_document_moved_into_a_private_collection_is_refused_at_once(
    front, group_page, document_factory
):
    document = document_factory("Annual report", Collection.objects.get(name="Public"))
    for _ in range(2):
        response = front.get(document.url)
        assert response.status_code == 200
        assert response.headers["X-Front-Cache"] != "HIT"

    document.collection = group_page.collection
    document.save()

    response = front.get(document.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_the_pages_api_is_kept_like_a_page(front, group_page):
    assert_kept_by_the_front(front, "/api/v2/pages/")
    assert front.get("/api/v2/pages/").headers["ETag"]


def test_the_rest_of_the_api_search_sitemap_and_documents_are_never_stored(
    front, group_page, document_factory
):
    PageViewRestriction.objects.create(
        page=group_page, restriction_type=PageViewRestriction.LOGIN
    )
    document = document_factory("Annual report", Collection.objects.get(name="Public"))
    paths = [
        "/api/v2/documents/",
        f"/api/v2/documents/{document.pk}/",
        "/search/?q=tax",
        "/sitemap.xml",
        document.url,
    ]
    for path in paths:
        for _ in range(2):
            response = front.get(path)
            assert response.status_code == 200, path
            assert response.headers["X-Front-Cache"] != "HIT", path

    assert not [entry for entry in front.cache.rglob("*") if entry.is_file()]


def test_a_stale_page_only_while_the_application_is_down(front, group_page):
    assert_kept_by_the_front(front, group_page.url)
    stop(front.app.process)
    time.sleep(FRONT_CACHE_SECONDS + POLL_SECONDS)

    stale = front.get(group_page.url)
    assert stale.status_code == 200 and stale.headers["X-Front-Cache"] == "STALE"

    never_stored = front.get("/working-groups/")
    assert never_stored.status_code == 502
    assert "back in a few minutes" in never_stored.text
    assert never_stored.headers["Strict-Transport-Security"].startswith("max-age=")
    assert never_stored.headers["X-Content-Type-Options"] == "nosniff"


def assert_hardened(response):
    """nginx's own answers carry what the application's do, and no version."""
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Server"] == "nginx"


def test_an_anonymous_post_too_large_is_refused_in_the_sites_words(front):
    response = requests.post(
        f"{front.url}/api/v2/join/",
        data=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
        verify=front.certificate,
    )

    assert response.status_code == 413
    assert "That was too much to send" in response.text
    assert_hardened(response)


def test_the_admins_document_upload_may_be_large(front):
    response = requests.post(
        f"{front.url}/admin/documents/add/",
        files={"file": ("big.pdf", b"x" * (20 * 1024 * 1024))},
        verify=front.certificate,
    )

    # Past nginx, refused by the application (no CSRF token, no session).
    assert response.status_code == 403


def test_static_files_have_one_cache_control_for_what_they_are(front, home_page):
    stylesheet = re.search(
        r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', front.get("/").text
    ).group(1)

    fingerprinted = front.get(stylesheet)
    assert fingerprinted.headers["Cache-Control"] == (
        "public, max-age=31536000, immutable"
    )
    assert fingerprinted.headers["Content-Encoding"] == "gzip"
    assert_hardened(fingerprinted)
    plain = front.get("/static/css/site.css")
    assert plain.headers["Cache-Control"] == "public, max-age=3600"
    assert_hardened(plain)
    assert_hardened(front.get("/media/documents/anything.pdf"))


def test_json_answers_are_compressed(front, home_page):
    response = front.get("/api/v2/pages/", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"


def test_http_is_redirected_to_the_site_and_nothing_else_is_answered(front):
    redirect = requests.get(f"{front.http_url}/join/", allow_redirects=False)
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == f"https://{HOST}/join/"
    assert redirect.headers["Server"] == "nginx"

    with pytest.raises(requests.ConnectionError):
        requests.get(f"{front.http_url}/", headers={"Host": "elsewhere.example"})
    context = ssl.create_default_context(cafile=front.certificate)
    context.check_hostname = False
    with (
        socket.create_connection(("127.0.0.1", front.https_port)) as connection,
        pytest.raises(ssl.SSLError),
    ):
        context.wrap_socket(connection, server_hostname="elsewhere.example")


def test_a_reload_under_load_answers_every_request(front, group_page):
    """`systemctl reload` (HUP) during an upgrade: new workers take over
    while the old ones finish, and every request is answered."""
    deadline = time.monotonic() + 6
    answers = []

    def visitor():
        with requests.Session() as session:
            for number in range(1000):
                if time.monotonic() > deadline:
                    return
                # A query string: past both caches, rendered by a worker.
                response = session.get(
                    f"{front.url}/working-groups/?visit={number}",
                    verify=front.certificate,
                    allow_redirects=False,
                )
                answers.append((time.monotonic(), response.status_code))

    visitors = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in visitors:
        thread.start()
    time.sleep(1)
    reloaded_at = time.monotonic()
    front.app.process.send_signal(signal.SIGHUP)
    for thread in visitors:
        thread.join()

    assert {status for _, status in answers} == {200}
    assert len([at for at, _ in answers if at > reloaded_at + 2]) > 20
    log = front.app.log.read_text()
    assert "Handling signal: hup" in log
    # Every line in UTC, the workers' (which load Django) like the master's.
    stamps = re.findall(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ([+-]\d{4})\]", log, re.M)
    assert len(stamps) > 4 and set(stamps) == {"+0000"}


def test_the_web_service_has_a_control_socket_of_its_own(front):
    assert (front.app.folder / "run" / "gunicorn.ctl").is_socket()
