"""Helpers shared by the tests."""

import os
import re
import socket

PASSWORD = "a-long-pass-phrase"

# What the test run sets in its own environment and a production process
# must not inherit (the browser tests allow Django's async-unsafe calls).
TEST_ONLY_ENVIRONMENT = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_environment():
    """This process's environment without what only the test run sets."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in TEST_ONLY_ENVIRONMENT
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign_up(**overrides):
    """The join form's fields, valid, with `overrides` (None drops a field)."""
    data = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane.doe@example.org",
        "state": "MN",
        "chamber": "house",
        "district": "42B",
        "role": "legislator",
        "phone": "",
        "groups": ["tax-fairness", "health-reform"],
        "agree_principles": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_path(message):
    """The path of the link in a confirmation e-mail."""
    return re.search(
        r"http://127\.0\.0\.1:8000(/join/confirm/[^/\s]+/)", message.body
    ).group(1)


def password_reset_path(message):
    """The path of the set-a-password link in an e-mail."""
    return re.search(
        r"http://127\.0\.0\.1:8000(/accounts/password/reset/key/\S+/)", message.body
    ).group(1)
