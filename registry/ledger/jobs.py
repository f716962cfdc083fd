"""A batch's check or commit as a crash-safe job: claimed with an owner and a heartbeat.

A worker claims a batch by a compare-and-swap on its state; while it works, a
thread renews ``heartbeat_at``. A worker killed mid-job (a deploy, the OOM
killer) stops beating: ``reap_stalled`` (a beat task) marks such a batch failed
and retryable, and a redelivered task takes a stalled batch over and starts it
again. Nothing half-done survives: a check writes nothing but the batch, a
commit is one transaction that only its owner may finish.
"""

import datetime
import os
import socket
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import ImportBatch, ImportState

BUSY = "busy"  # the batch is held by a live worker: a redelivered task waits, then looks again


class Superseded(Exception):
    """Another worker took the batch over: this one must write nothing."""


def heartbeat_seconds() -> float:
    return getattr(settings, "LEDGER_HEARTBEAT_SECONDS", 15)


def stale_after() -> datetime.timedelta:
    """A job without a heartbeat for this long is taken for dead."""
    return datetime.timedelta(seconds=getattr(settings, "LEDGER_STALE_SECONDS", 300))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(batch_id: int, *, waiting: tuple[str, ...], running: str) -> str | None:
    """Take the batch for this worker; its owner token, or None when it is not ours to run.

    Claimable: a batch in a ``waiting`` state, a ``running`` one no worker holds yet
    (a commit just requested), or one whose worker stopped beating.
    """
    now, owner = timezone.now(), worker_name()
    stalled = Q(state=running) & (Q(owner="") | Q(heartbeat_at__lt=now - stale_after()))
    taken = ImportBatch.objects.filter(Q(state__in=waiting) | stalled, pk=batch_id).update(
        state=running, owner=owner, heartbeat_at=now, attempts=F("attempts") + 1, failed_step=""
    )
    return owner if taken else None


def held_by_another(batch_id: int, running: str) -> bool:
    return ImportBatch.objects.filter(pk=batch_id, state=running).exclude(owner="").exists()


def finish(batch_id: int, owner: str, running: str, **fields) -> bool:
    """The owner's last word, a compare-and-swap: False if the batch is no longer its own.

    Inside the commit's transaction this UPDATE also takes the batch's row lock:
    a second commit of the same batch waits for it, then finds nothing to finish.
    """
    fields.setdefault("owner", "")
    done = ImportBatch.objects.filter(pk=batch_id, state=running, owner=owner).update(**fields)
    return bool(done)


def fail(batch_id: int, owner: str, running: str, message: str) -> None:
    finish(
        batch_id,
        owner,
        running,
        state=ImportState.FAILED,
        failed_step=running,
        message=message[:2000],
    )


@contextmanager
def beating(batch_id: int, owner: str):
    """Renew the heartbeat from a thread while the job runs.

    SQLite allows one writer, and the commit is one: there the progress callback
    beats between steps instead (see ``Progress``).
    """
    if connection.vendor == "sqlite":
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(batch_id, owner, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(batch_id: int, owner: str, stop: threading.Event) -> None:
    try:
        while not stop.wait(heartbeat_seconds()):
            ImportBatch.objects.filter(pk=batch_id, owner=owner).update(heartbeat_at=timezone.now())
    finally:
        connections.close_all()  # this thread's own connection


def reap_stalled() -> int:
    """Checks and commits whose worker stopped beating: failed, and offered for retry."""
    stale = timezone.now() - stale_after()
    reaped = 0
    for running in ImportBatch.CLAIMED:
        reaped += ImportBatch.objects.filter(state=running, heartbeat_at__lt=stale).update(
            state=ImportState.FAILED,
            failed_step=running,
            owner="",
            message=_(
                "The worker running this import stopped (it was restarted or ran out of memory). "
                "Nothing was saved; you may retry."
            ),
        )
    return reaped


def retry(batch: ImportBatch) -> str | None:
    """A failed, retryable batch back in the queue: "check" or "commit", or None."""
    back = {
        ImportState.VALIDATING: ImportState.UPLOADED,
        ImportState.COMMITTING: ImportState.COMMITTING,
    }
    step = batch.failed_step
    if step not in back:
        return None
    moved = ImportBatch.objects.filter(pk=batch.pk, state=ImportState.FAILED, failed_step=step).update(
        state=back[step], owner="", heartbeat_at=timezone.now(), failed_step="", message="",
        progress=0, progress_text="",
    )  # fmt: skip
    if not moved:
        return None
    return "check" if step == ImportState.VALIDATING else "commit"


def progress_file(batch_id: int) -> Path:
    """SQLite only: where a commit's progress goes while its transaction holds the database."""
    return Path(settings.VAR_DIR) / "ledger-progress" / f"{batch_id}.txt"
