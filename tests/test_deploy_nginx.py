"""The shipped nginx front (deploy/nginx/) loads as its comments say to
install it, in nginx's own configuration test."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def self_signed_certificate(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.org")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
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


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_the_production_front_passes_nginx_configuration_test(tmp_path):
    # Debian's layout: nginx.conf includes sites-enabled/* inside http {}.
    (tmp_path / "sites-enabled").mkdir()
    (tmp_path / "snippets").mkdir()
    self_signed_certificate(tmp_path)
    site = (DEPLOY / "working-groups.conf").read_text()
    for installed, here in (
        ("/etc/letsencrypt/live/example.org/fullchain.pem", tmp_path / "cert.pem"),
        ("/etc/letsencrypt/live/example.org/privkey.pem", tmp_path / "key.pem"),
        ("/var/cache/nginx/working-groups", tmp_path / "cache"),
        ("/etc/nginx/snippets/", f"{tmp_path}/snippets/"),
    ):
        assert str(installed) in site
        site = site.replace(str(installed), str(here))
    (tmp_path / "sites-enabled" / "working-groups.conf").write_text(site)
    shutil.copy(
        DEPLOY / "app-locations.conf",
        tmp_path / "snippets" / "working-groups-locations.conf",
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path}/access.log;\n"
        f"    include {tmp_path}/sites-enabled/*;\n"
        "}\n"
    )

    result = subprocess.run(
        [NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
