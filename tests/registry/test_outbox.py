"""The outbox: a task a user action enqueues exists exactly when the action committed."""

import pytest
from django.db import transaction

from config.celery import app
from registry.models import OutboxMessage
from registry.outbox import enqueue, publish, publish_all
from tests.registry.outage_support import refusing_url, restore_broker, use_broker


@pytest.fixture
def refusing_broker(settings):
    use_broker(settings, refusing_url())
    yield
    restore_broker()


def test_a_rolled_back_action_leaves_no_message(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("registry.tasks.heartbeat")
        raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.exists()


def test_a_committed_message_is_sent_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("registry.tasks.heartbeat")
    message.refresh_from_db()
    assert message.sent_at and message.attempts == 1
    assert publish_all() == 0


def test_after_a_refusal_requests_stop_trying_and_beat_catches_up(
    db, refusing_broker, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("registry.tasks.heartbeat")
    with django_capture_on_commit_callbacks(execute=True):
        second = enqueue("registry.tasks.heartbeat")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0)  # the second request did not wait
    assert "Connection refused" in first.last_error

    assert publish() == 0  # beat ignores the pause and tries (the broker still refuses)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert publish_all() == 2
    assert not OutboxMessage.objects.unsent().exists()


def test_beat_publishes_and_resends_every_minute():
    schedule = {spec["task"]: spec["schedule"] for spec in app.conf.beat_schedule.values()}
    assert schedule["registry.tasks.publish_outbox"] == 60.0
    assert schedule["registry.tasks.resend_due_emails"] == 60.0


def test_a_message_naming_no_task_does_not_hold_up_the_rest(db):
    broken = enqueue("registry.tasks.no_such_task")
    fine = enqueue("registry.tasks.heartbeat")
    assert publish_all() == 1
    broken.refresh_from_db(), fine.refresh_from_db()
    assert fine.sent_at and not broken.sent_at
    assert "no_such_task" in broken.last_error
