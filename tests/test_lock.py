"""The lock files: what production and CI install, kept true to pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(line) for line in PROJECT["dependencies"]]
DEV = [Requirement(line) for line in PROJECT["optional-dependencies"]["dev"]]

PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)")
HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")


def locked(file_name):
    """{package: (version, hashes)} from a lock file written by `make lock`."""
    pins = {}
    name = None
    for line in (ROOT / file_name).read_text().splitlines():
        if pin := PIN.match(line):
            name = canonicalize_name(pin.group(1))
            pins[name] = (pin.group(2), set())
        elif found := HASH.search(line):
            pins[name][1].add(found.group(1))
    return pins


@pytest.mark.parametrize(
    ("file_name", "requirements"),
    [("requirements.lock", RUNTIME), ("requirements-dev.lock", RUNTIME + DEV)],
)
def test_the_lock_has_a_version_in_each_range_of_pyproject(file_name, requirements):
    """A range changed without `make lock` fails here, not in production."""
    pins = locked(file_name)

    outside = {
        str(requirement): pins.get(canonicalize_name(requirement.name), ("none",))[0]
        for requirement in requirements
        if canonicalize_name(requirement.name) not in pins
        or not requirement.specifier.contains(
            pins[canonicalize_name(requirement.name)][0], prereleases=True
        )
    }
    assert outside == {}, "run `make lock`"


def test_production_installs_what_ci_tested():
    production, dev = locked("requirements.lock"), locked("requirements-dev.lock")

    assert production
    assert all(hashes for _, hashes in production.values())
    assert {name: dev.get(name) for name in production} == production
    assert not {canonicalize_name(r.name) for r in DEV} & production.keys()
