"""A session ends after SESSION_IDLE_SECONDS without a request (8 hours by default), not 14 days."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

from registry import sessions

REGISTER = "/register/"


def expiry() -> datetime.datetime:
    return Session.objects.get().expire_date


def test_a_session_lasts_eight_idle_hours(client, users, settings):
    assert settings.SESSION_IDLE_SECONDS == settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(users["staff"])
    left = expiry() - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)


def test_activity_pushes_the_end_back(client, users, monkeypatch):
    client.force_login(users["staff"])
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(REGISTER).status_code == 200
    assert expiry() - timezone.now() < datetime.timedelta(hours=2)  # refreshed at most every 5 min

    later = sessions.time.time() + sessions.REFRESH_SECONDS + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert client.get(REGISTER).status_code == 200
    assert expiry() - timezone.now() > datetime.timedelta(hours=7, minutes=59)


def test_after_the_idle_limit_the_user_logs_in_again(client, users):
    client.force_login(users["staff"])
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(REGISTER)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
