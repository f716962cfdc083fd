"""A broker that refuses or hangs never fails or stalls a user action; nothing is lost.

Each action answers within 3 s with its change saved; its notification waits in
the outbox and, once the broker is back, is delivered exactly once. The broker
"back" is the Redis of the test machine (CI starts one).
"""

import os
import time

import pytest
import redis
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from registry.choices import RiskPointStatus as S
from registry.models import NoticeFeedback, Notification, OutboxMessage
from registry.outbox import publish_all
from registry.workflow import risk_list_for
from tests.registry.outage_support import (
    HungServer,
    drain_queue,
    refusing_url,
    restore_broker,
    run_tasks,
    use_broker,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
STEPS = [
    ("staff", "submit", {}),
    ("depthead", "sign", {}),
    ("incharge", "review", {}),
    ("leader", "approve", {"notice_days": 7}),
]


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is needed at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    drain_queue(REDIS_URL)
    yield REDIS_URL
    drain_queue(REDIS_URL)


@pytest.fixture(params=["refusing", "hung"])
def broken_broker(request, settings):
    server = HungServer() if request.param == "hung" else None
    use_broker(settings, server.url if server else refusing_url())
    # Every request tries the broker (no pause after a failure): each must still answer.
    settings.OUTBOX_PAUSE_SECONDS = 0
    cache.clear()
    yield
    restore_broker()
    if server:
        server.close()


def timed(django_capture_on_commit_callbacks, post, *args, **kwargs):
    """A request with its after-commit work, as the server runs it; and its duration."""
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(*args, **kwargs)
    return response, time.monotonic() - started


def test_actions_succeed_and_notify_exactly_once_when_the_broker_is_back(
    broken_broker,
    redis_url,
    settings,
    point_with_measures,
    users,
    client,
    django_capture_on_commit_callbacks,
):
    point = point_with_measures
    for username, action, data in STEPS:
        client.force_login(users[username])
        payload = {"action": action, "list_version": risk_list_for(point).version, **data}
        url = reverse("registry:riskpoint_act", args=[point.pk])
        response, seconds = timed(django_capture_on_commit_callbacks, client.post, url, payload)
        assert response.status_code == 302, action
        assert seconds < 3, f"{action} took {seconds:.1f} s"
    point.refresh_from_db()
    assert point.status == S.ON_NOTICE

    client.logout()
    notice = reverse("registry:notice", args=[risk_list_for(point).pk])
    response, seconds = timed(
        django_capture_on_commit_callbacks,
        client.post,
        notice,
        {"message": "采购环节公开不够"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302 and seconds < 3
    assert NoticeFeedback.objects.count() == 1

    waiting = list(OutboxMessage.objects.unsent())
    # Each step that hands the point to someone, and the feedback to discipline staff;
    # approving starts the notice and has nobody else act (it tells nobody).
    assert len(waiting) >= (len(STEPS) - 1) + 1
    assert all(m.last_error for m in waiting)
    assert not Notification.objects.exists() and mail.outbox == []

    use_broker(settings, redis_url)
    assert publish_all() == len(waiting)
    assert not OutboxMessage.objects.unsent().exists()
    assert publish_all() == 0
    run_tasks(drain_queue(redis_url))
    assert drain_queue(redis_url) == []

    notified = list(Notification.objects.values_list("key", "recipient__username"))
    assert len(notified) == len(set(notified))
    assert {"depthead", "incharge", "leader", "inspector"} <= {u for _k, u in notified}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{u}@example.org" for _k, u in notified)
