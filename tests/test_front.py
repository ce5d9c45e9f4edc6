"""The shipped front: nginx with deploy/nginx/ over TLS, in front of
`gunicorn -c deploy/gunicorn.conf.py cms.wsgi` with the production settings.

What turns private or is unpublished stops being served within
FRONT_CACHE_SECONDS, never stale; only pages the application marks public
are stored; nginx's own answers are in the site's words and headers."""

import time
from types import SimpleNamespace

import pytest
import redis
import requests
from django.db import connection
from wagtail.models import Collection, PageViewRestriction

from tests.helpers import free_port
from tests.servers import (
    NGINX,
    NGINX_MISSING,
    collectstatic,
    gunicorn_environment,
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


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("static")
    collectstatic(
        gunicorn_environment(
            {"USER": "nobody", "HOST": "127.0.0.1", "PORT": 5432, "NAME": "none"},
            redis_url="",
            media_root=folder / "media",
            static_root=folder,
            ALLOWED_HOSTS=HOST,
        )
    )
    return folder


@pytest.fixture
def front(settings, tmp_path, static_root):
    """nginx on two free ports before one gunicorn on the test database.
    The test's own page-cache invalidations go to the servers' Redis."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    url = f"https://{HOST}:{https_port}"
    (tmp_path / "run").mkdir()
    env = gunicorn_environment(
        connection.settings_dict,
        redis_url=REDIS_URL,
        media_root=settings.MEDIA_ROOT,
        static_root=static_root,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=url,
        FRONT_CACHE_SECONDS=str(FRONT_CACHE_SECONDS),
        # As systemd's RuntimeDirectory= sets it for the web service.
        RUNTIME_DIRECTORY=str(tmp_path / "run"),
    )
    gunicorn = start_gunicorn(env, app_port, tmp_path / "gunicorn.log")
    nginx = None
    try:
        command = shipped_nginx_configuration(
            tmp_path,
            host=HOST,
            http_port=http_port,
            https_port=https_port,
            app_port=app_port,
            static_root=static_root,
            media_root=settings.MEDIA_ROOT,
        )
        nginx = start_nginx(command)
        # Per request: the environment's CA bundle would win over a session's.
        certificate = str(tmp_path / "cert.pem")
        wait_for(url, verify=certificate)
        yield SimpleNamespace(
            url=url,
            http_url=f"http://{HOST}:{http_port}",
            https_port=https_port,
            get=lambda path, **options: requests.get(
                f"{url}{path}", allow_redirects=False, verify=certificate, **options
            ),
            certificate=certificate,
            gunicorn=gunicorn,
            gunicorn_log=tmp_path / "gunicorn.log",
            cache=tmp_path / "cache",
            run=tmp_path / "run",
        )
    finally:
        if nginx is not None:
            stop(nginx)
        stop(gunicorn)


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


def test_the_api_search_sitemap_and_documents_are_never_stored(
    front, group_page, document_factory
):
    PageViewRestriction.objects.create(
        page=group_page, restriction_type=PageViewRestriction.LOGIN
    )
    document = document_factory("Annual report", Collection.objects.get(name="Public"))
    paths = [
        "/api/v2/pages/",
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
    stop(front.gunicorn)
    time.sleep(FRONT_CACHE_SECONDS + POLL_SECONDS)

    stale = front.get(group_page.url)
    assert stale.status_code == 200 and stale.headers["X-Front-Cache"] == "STALE"

    never_stored = front.get("/working-groups/")
    assert never_stored.status_code == 502
    assert "back in a few minutes" in never_stored.text
    assert never_stored.headers["Strict-Transport-Security"].startswith("max-age=")
    assert never_stored.headers["X-Content-Type-Options"] == "nosniff"
