"""Real processes for the tests that need them, as deployed: gunicorn with
deploy/gunicorn.conf.py and the production settings, the task worker, Redis,
nginx with the shipped deploy/nginx/ configuration (paths, ports and
certificate substituted), and a browser behind the TLS proxy."""

import datetime
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.members import mark_verified
from accounts.models import User
from cms.cache import SharedDatabaseCache
from groups.models import Membership
from tests.conftest import current_totp_code
from tests.helpers import PASSWORD, free_port, production_environment

ROOT = Path(__file__).resolve().parent.parent
NGINX_DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
NGINX_MISSING = "nginx is not installed (make test installs it where apt-get can)"

# Where the shipped files say they are installed, and what a test puts there.
INSTALLED_CERTIFICATE = "/etc/letsencrypt/live/example.org/fullchain.pem"
INSTALLED_KEY = "/etc/letsencrypt/live/example.org/privkey.pem"
INSTALLED_CACHE = "/var/cache/nginx/working-groups"
INSTALLED_SNIPPETS = "/etc/nginx/snippets/"
INSTALLED_STATIC = "/srv/working-groups/staticfiles"
INSTALLED_MEDIA = "/srv/working-groups/media"
INSTALLED_APP = "server 127.0.0.1:8000;"


def database_url(settings_dict):
    """DATABASE_URL for a process on the database of `settings_dict`."""
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def server_environment(**overrides):
    """A production environment on 127.0.0.1, static files collected; the
    DATABASE_URL, MEDIA_ROOT and the rest come in `overrides` (None: unset)."""
    env = {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="working-groups-static-"),
        "EMAIL_URL": "dummymail://",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        **overrides,
    }
    env = {key: value for key, value in env.items() if value is not None}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def start_process(command, env, log_path):
    """Run `command` in the project with `env`, its output in `log_path`
    (kept for a failure)."""
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=Path(log_path).open("w"),
    )


def start_gunicorn(env, log_path, port=None, **healthz_request):
    """A gunicorn server (deploy/gunicorn.conf.py) on 127.0.0.1:`port` (a
    free one by default), once its /healthz answers `healthz_request`
    (requests' options): (its process, its URL)."""
    port = port or free_port()
    process = start_process(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
        {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        log_path,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, **healthz_request)
    except TimeoutError:
        stop(process)
        raise
    return process, url


def start_worker(env, log_path):
    """The task worker (cms's db_worker), polling every tenth of a second."""
    return start_process(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"],
        env,
        log_path,
    )


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(url, timeout=60, **request_options):
    """Until `url`/healthz answers 200 (`request_options`: requests')."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = requests.get(f"{url}/healthz", timeout=2, **request_options)
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not start")


class BehindTheProxy(requests.Session):
    """A browser behind the TLS proxy: requests say they came over HTTPS
    (X-Forwarded-Proto, as nginx sets it) and the production settings' secure
    cookies go back over the plain HTTP between proxy and server."""

    def request(self, method, url, **kwargs):
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": url.replace("http://", "https://"),
            **kwargs.pop("headers", {}),
        }
        response = super().request(method, url, headers=headers, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(session, url, email, totp_secret=None):
    page = session.get(f"{url}/accounts/login/")
    response = session.post(
        f"{url}/accounts/login/",
        {
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
    )
    if totp_secret:
        response = session.post(
            f"{url}/accounts/2fa/authenticate/",
            {
                "code": current_totp_code(totp_secret),
                "csrfmiddlewaretoken": csrf_token(response.text),
            },
        )
    assert "sessionid" in session.cookies, response.text[:500]


def person(email, *groups, superuser=False):
    create = User.objects.create_superuser if superuser else User.objects.create_user
    user = create(email)
    # Hashed as the servers' production settings hash (the tests use MD5).
    user.password = PBKDF2PasswordHasher().encode(
        PASSWORD, PBKDF2PasswordHasher().salt()
    )
    user.save()
    mark_verified(user)
    for group in groups:
        Membership.objects.create(user=user, group=group)
    return user


def start_redis(port, log_path):
    """A Redis of the test's own on `port`, keeping nothing on disk."""
    process = start_process(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        production_environment(),
        log_path,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def join_payload(email, group="immigration"):
    """A valid sign-up for POST /api/v2/join/."""
    return {
        "first_name": "Jo",
        "last_name": "Doe",
        "email": email,
        "state": "MN",
        "chamber": "house",
        "district": "1",
        "role": "legislator",
        "groups": [group],
        "agree_principles": True,
    }


def clear_database_cache():
    """Empty the cache table (servers without REDIS_URL use it), which no
    test's flush does: rate-limit counters of earlier tests would count."""
    SharedDatabaseCache("cms_cache", {}).clear()


def self_signed_certificate(folder, host="example.org"):
    """cert.pem and key.pem in `folder`, for `host`."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), False)
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
    )
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def listen_on(http_port, https_port):
    """A `listen` line of the shipped site on this test's ports, on
    127.0.0.1 only (the machine may have no IPv6)."""

    def substitute(match):
        if match.group("ipv6"):
            return ""
        port = {"80": http_port, "443": https_port}[match.group("port")]
        return f"listen 127.0.0.1:{port}{match.group('rest')}"

    return substitute


def shipped_nginx_configuration(
    folder, *, host, http_port, https_port, app_port, static_root, media_root
):
    """nginx.conf in `folder` that loads the shipped site as Debian's
    nginx.conf does (sites-enabled/* inside http {}, the locations as a
    snippet), with the paths, ports and certificate of this test and `host`
    for example.org. Returns nginx's command line."""
    for name in ("sites-enabled", "snippets", "cache"):
        (folder / name).mkdir(exist_ok=True)
    self_signed_certificate(folder, host)
    site = (NGINX_DEPLOY / "working-groups.conf").read_text()
    for installed, here in (
        (INSTALLED_CERTIFICATE, folder / "cert.pem"),
        (INSTALLED_KEY, folder / "key.pem"),
        (INSTALLED_CACHE, folder / "cache"),
        (INSTALLED_SNIPPETS, f"{folder}/snippets/"),
        (INSTALLED_STATIC, static_root),
        (INSTALLED_MEDIA, media_root),
        (INSTALLED_APP, f"server 127.0.0.1:{app_port};"),
    ):
        assert str(installed) in site, installed
        site = site.replace(str(installed), str(here))
    site = re.sub(
        r"listen (?P<ipv6>\[::\]:)?(?P<port>80|443)(?P<rest>[^;]*;)",
        listen_on(http_port, https_port),
        site.replace("example.org", host),
    )
    (folder / "sites-enabled" / "working-groups.conf").write_text(site)
    shutil.copy(
        NGINX_DEPLOY / "app-locations.conf",
        folder / "snippets" / "working-groups-locations.conf",
    )
    (folder / "nginx.conf").write_text(
        # A root master's workers would be nobody, who can't read the test's
        # folders.
        ("user root;\n" if os.geteuid() == 0 else "") + f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {folder}/access.log;\n"
        f"    include {folder}/sites-enabled/*;\n"
        "}\n"
    )
    return [NGINX, "-p", f"{folder}/", "-c", str(folder / "nginx.conf")]


def start_nginx(command):
    subprocess.run([*command, "-t", "-q"], check=True)
    return subprocess.Popen([*command, "-g", "daemon off;"])
