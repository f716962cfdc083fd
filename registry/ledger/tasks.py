"""Celery tasks of the ledger import: each loads the batch by id and calls a service.

A batch is claimed by a state change with an owner (``registry.ledger.jobs``):
a replayed task finds it taken and does nothing, or, while the worker holding
it may still be alive, looks again once that worker would count as stalled.
``enqueue`` is the one place a ledger job is queued.
"""

from celery import shared_task

from registry import outbox
from registry.ledger import batches, jobs


def _run(task, service, batch_id: int) -> str | None:
    outcome = service(batch_id=batch_id)
    if outcome == jobs.BUSY:
        raise task.retry(countdown=jobs.stale_after().total_seconds() + 1, max_retries=3)
    return outcome.state if outcome else None


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def check_ledger(self, batch_id: int) -> str | None:
    return _run(self, batches.batch_check, batch_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def commit_ledger(self, batch_id: int) -> str | None:
    return _run(self, batches.batch_commit, batch_id)


@shared_task
def reap_stalled_ledger_jobs() -> int:
    """Beat: checks and commits whose worker died become failed and retryable."""
    return jobs.reap_stalled()


JOBS = {"check": check_ledger, "commit": commit_ledger}


def enqueue(job: str, batch_id: int) -> None:
    """Queue a ledger job ("check" or "commit") through the outbox: kept with the
    current transaction, handed to the broker after it commits (or by beat)."""
    outbox.enqueue(JOBS[job].name, batch_id=batch_id)
