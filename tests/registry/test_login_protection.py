"""Password guessing: a login and address pair is locked out after repeated failures,
the lockout is recorded and an administrator can lift it; weak passwords are refused."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

LOGIN = "/accounts/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, username: str, password: str, address: str = "198.51.100.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_out_that_login_from_that_address(client, users, axes_on, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            attempt(client, "staff", "guess-guess")
    locked = attempt(client, "staff", PASSWORD)
    assert locked.status_code == 429
    assert "登录已锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert "locking out" in caplog.text.lower()
    assert AccessFailureLog.objects.filter(username="staff").count() >= 3

    # The same login from elsewhere, and another login from here, are not locked.
    assert attempt(client, "staff", PASSWORD, address="203.0.113.9").status_code == 302
    client.logout()
    assert attempt(client, "depthead", PASSWORD).status_code == 302


def test_an_administrator_unlocks_a_login_in_the_admin(client, users, axes_on):
    for _ in range(3):
        attempt(client, "staff", "guess-guess")
    attempt_row = AccessAttempt.objects.get(username="staff")
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:axes_accessattempt_delete", args=[attempt_row.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert attempt(client, "staff", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["demo12345", "password1234", "1234567890"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("明湖-lake-2026-风控")
