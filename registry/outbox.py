"""The one way a user action enqueues a Celery task: ``enqueue`` (see OutboxMessage).

``enqueue`` writes the message in the caller's transaction and publishes it
once that commits. Publishing claims unsent rows with ``SKIP LOCKED`` (two
dispatchers never send the same row), hands each to the broker with publish
retries off and short socket timeouts (settings), and marks it sent in the same
transaction. What the broker refused stays unsent; beat's ``publish_outbox``
sends it the next minute. A task may still run twice (a crash between the
broker's acknowledgement and the commit), so tasks stay idempotent.
"""

import datetime
import importlib
import logging
import time
from contextlib import nullcontext

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from registry.models import OutboxMessage
from registry.requestid import current as current_request

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# After a failed publish, requests stop trying this broker for a while: a hung
# broker costs one request one timeout, not every request.
_paused_until: dict[str, float] = {}


def enqueue(task: str, **kwargs) -> OutboxMessage:
    """Store ``task(**kwargs)`` with the current transaction; publish it after commit."""
    return enqueue_many(task, [kwargs])[0]


def enqueue_many(task: str, kwargs_list: list[dict]) -> list[OutboxMessage]:
    """Several calls of ``task`` in one insert (a sweep notifying many people)."""
    request_id = current_request.get()
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=task, kwargs=kwargs, request_id=request_id) for kwargs in kwargs_list]
    )
    ids = [message.pk for message in messages]
    if ids:
        transaction.on_commit(lambda: _publish_after_commit(ids), robust=True)
    return messages


def _publish_after_commit(ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        if publish(ids=chunk, from_request=True) < len(chunk):
            return  # the broker failed: beat sends the rest


def publish(*, ids: list[int] | None = None, from_request: bool = False) -> int:
    """Hand unsent messages (all, or ``ids``) to the broker; the number sent."""
    broker = str(current_app.conf.broker_url)
    if from_request and _paused_until.get(broker, 0) > time.monotonic():
        return 0
    sent = []
    with transaction.atomic():
        batch = OutboxMessage.objects.unsent().select_for_update(skip_locked=True)
        if ids is not None:
            batch = batch.filter(pk__in=ids)
        for message in batch[:BATCH_SIZE]:
            outcome = _send(message)
            if outcome is None:
                continue
            if not outcome:
                if not current_app.conf.task_always_eager:
                    _paused_until[broker] = time.monotonic() + settings.OUTBOX_PAUSE_SECONDS
                break
            sent.append(message.pk)
        OutboxMessage.objects.filter(pk__in=sent).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    return len(sent)


def publish_all() -> int:
    """Beat: everything still unsent, batch after batch, until the broker fails."""
    total = 0
    while sent := publish():
        total += sent
        if sent < BATCH_SIZE:
            break
    cutoff = timezone.now() - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return total


def _send(message: OutboxMessage) -> bool | None:
    """True when the broker took the message, False when it failed; None for a
    message naming no task (a bug, not a broker failure: it must not block the rest)."""
    try:
        task = _task(message.task)
    except (ImportError, KeyError) as exc:
        _record_failure(message, exc)
        return None
    try:
        # An eager task (tests, CELERY_TASK_ALWAYS_EAGER) runs here: a savepoint
        # keeps its failure from spoiling the claim.
        with transaction.atomic() if current_app.conf.task_always_eager else nullcontext():
            task.apply_async(
                kwargs=message.kwargs,
                task_id=f"outbox-{message.pk}",
                retry=False,
                headers={"request_id": message.request_id or "-"},
            )
    except Exception as exc:  # noqa: BLE001 - whatever the broker raised, the message waits
        _record_failure(message, exc)
        return False
    return True


def _record_failure(message: OutboxMessage, exc: Exception) -> None:
    logger.warning("outbox: %s not sent (%s)", message, exc)
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.save(update_fields=["attempts", "last_error"])


def _task(name: str):
    """The registered task: its module is imported first, as the web process never
    ran the worker's autodiscovery (task names are their module paths)."""
    importlib.import_module(name.rpartition(".")[0])
    return current_app.tasks[name]
