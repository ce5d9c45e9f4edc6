"""Twenty identical sign-ups at once still make one request per group."""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings

from groups.models import MembershipRequest
from tests.helpers import sign_up

SUBMISSIONS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(JOIN_EMAIL_RATE_LIMIT="0", JOIN_RATE_LIMIT="0")
def test_concurrent_identical_sign_ups_make_one_request_per_group(join_groups):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrency")
    start = threading.Barrier(SUBMISSIONS)
    statuses = []

    def submit(number):
        try:
            start.wait()
            email = "Jane.Doe@example.org" if number % 2 else "jane.doe@EXAMPLE.org"
            statuses.append(Client().post("/join/", sign_up(email=email)).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(number,)) for number in range(SUBMISSIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * SUBMISSIONS
    assert sorted(MembershipRequest.objects.values_list("group__slug", flat=True)) == [
        "health-reform",
        "tax-fairness",
    ]
