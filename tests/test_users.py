import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from accounts.models import User


def test_email_is_the_login_whatever_its_case(user_factory):
    user_factory("Pat.Doe@Example.ORG", password="a-long-pass-phrase")

    user = authenticate(email="PAT.doe@example.org", password="a-long-pass-phrase")

    assert user is not None
    assert user.email == "pat.doe@example.org"
    assert User.objects.get_by_natural_key("PAT.DOE@EXAMPLE.ORG") == user


def test_the_same_address_in_another_case_is_refused(user_factory):
    user_factory("pat@example.org")

    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="PAT@example.org")])


def test_users_have_no_username(db):
    user = User.objects.create_superuser("admin@example.org", "a-long-pass-phrase")

    assert user.is_staff and user.is_superuser
    assert user.username is None
