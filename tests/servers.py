"""What is deployed, run for real by the tests: gunicorn with
deploy/gunicorn.conf.py and the production settings, and nginx with the
shipped deploy/nginx/ configuration (paths, ports and certificate
substituted)."""

import datetime
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.helpers import production_environment

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


def gunicorn_environment(database, *, redis_url, media_root, static_root, **more):
    """The environment of a production web server on `database` (Django's
    settings_dict of the test database); `more` adds or overrides."""
    return {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "false",
        "SECRET_KEY": "tests-only-" + "x" * 50,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(static_root),
        "EMAIL_URL": "dummymail://",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        **more,
    }


def collectstatic(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env, port, log_path):
    """`gunicorn -c deploy/gunicorn.conf.py cms.wsgi` on 127.0.0.1:`port`,
    its log in `log_path` (kept for a failure)."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=Path(log_path).open("w"),
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def wait_for(url, timeout=60, **request_options):
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
