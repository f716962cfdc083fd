"""Celery tasks of the ledger import: each loads the batch by id and calls a service.

Both are idempotent: a batch is claimed by a state change, so a replayed task
finds it already taken and does nothing.
"""

from celery import shared_task

from registry.ledger import batches


@shared_task(acks_late=True)
def check_ledger(batch_id: int) -> str | None:
    batch = batches.batch_check(batch_id=batch_id)
    return batch.state if batch else None


@shared_task(acks_late=True)
def commit_ledger(batch_id: int) -> str | None:
    batch = batches.batch_commit(batch_id=batch_id)
    return batch.state if batch else None
