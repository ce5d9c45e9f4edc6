"""The shipped nginx front (deploy/nginx/) loads as its comments say to
install it, in nginx's own configuration test."""

import subprocess

import pytest

from tests.servers import NGINX, NGINX_MISSING, shipped_nginx_configuration


@pytest.mark.skipif(NGINX is None, reason=NGINX_MISSING)
def test_the_production_front_passes_nginx_configuration_test(tmp_path):
    command = shipped_nginx_configuration(
        tmp_path,
        host="example.org",
        http_port=8080,
        https_port=8443,
        app_port=8000,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )

    result = subprocess.run([*command, "-t"], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
