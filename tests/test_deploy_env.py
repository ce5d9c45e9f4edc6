"""deploy/env.example loads in a shell as the runbook loads it for manage.py
(`set -a; . /etc/working-groups/env; set +a`)."""

import subprocess
from pathlib import Path

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / "deploy" / "env.example"


def test_the_example_environment_loads_in_a_shell():
    result = subprocess.run(
        ["sh", "-c", 'set -a; . "$1"; set +a; env', "sh", ENV_EXAMPLE],
        capture_output=True,
        text=True,
        env={},
    )

    assert result.returncode == 0, result.stderr
    environment = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert (
        environment["DEFAULT_FROM_EMAIL"]
        == "Working Groups <working-groups@example.org>"
    )
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
