"""A worker killed -9 in the middle of a ledger check and of a commit, as a deploy or the
OOM killer does it: real ``celery -A config worker`` processes on PostgreSQL and Redis.

After the reaper, the batch is failed and retryable; the retry runs the job again and
the commit writes every point exactly once. Runs in CI's PostgreSQL pass; skipped, with
the reason, on SQLite and the filesystem broker; fails in CI if the services are gone.
"""

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from registry.ledger import batches, jobs
from registry.models import ImportBatch, ImportedChange, ImportState, RiskPoint
from tests.registry.ledger_support import big_ledger

# Committed data, so the workers see it; the seeded categories are restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "ledger-crash-test"
ROWS = 20_000
STALE_SECONDS = 3


def _services_or_skip() -> None:
    broker = django_settings.CELERY_BROKER_URL
    configured = connection.vendor == "postgresql" and broker.startswith("redis")
    if not configured:
        reason = (
            "needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL=redis://…): "
            "SQLite cannot run two workers' transactions and the filesystem broker is not shared"
        )
        if os.environ.get("CI") == "true" and (
            connection.vendor == "postgresql"
        ) != broker.startswith("redis"):
            pytest.fail(f"CI configured only half of the services: {reason}")
        pytest.skip(reason)
    import redis

    try:
        redis.Redis.from_url(broker).ping()
    except redis.RedisError as error:
        message = f"Redis at {broker} is not reachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _services() -> None:
    """Before any other fixture: skip (or fail in CI) without the services."""
    _services_or_skip()


@pytest.fixture
def workers(tmp_path, settings):
    """Starts real Celery workers on the test database; kills whatever is left at the end."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LEDGER_HEARTBEAT_SECONDS": "1",
        "LEDGER_STALE_SECONDS": str(STALE_SECONDS),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    started: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "-Q", QUEUE, "-n", f"{name}@%h", "--without-mingle", "--without-gossip",
             "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(process)
        return process

    from config.celery import app

    with app.connection_for_write() as conn:  # nothing left over from an earlier run
        conn.default_channel.queue_purge(QUEUE)
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def send(job: str, batch_id: int) -> None:
    """To the real broker, whatever the test settings say about running tasks eagerly."""
    from config.celery import app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "task_always_eager has no effect on send_task": good
        app.send_task(f"registry.ledger.tasks.{job}_ledger", args=[batch_id], queue=QUEUE)


def wait_for(batch_id: int, done, seconds: float = 240) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if done(batch):
            return batch
        time.sleep(0.05)
    pytest.fail(
        f"batch {batch_id} never got there: {batch.state} {batch.progress}% {batch.message}"
    )


def kill_during(worker: subprocess.Popen, batch_id: int, state: str, percent: int) -> None:
    wait_for(batch_id, lambda b: b.state == state and b.progress >= percent)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def reap(batch_id: int, step: str) -> ImportBatch:
    time.sleep(STALE_SECONDS + 1)  # no heartbeat since the kill
    assert jobs.reap_stalled() == 1
    batch = ImportBatch.objects.get(pk=batch_id)
    assert (batch.state, batch.failed_step, batch.is_retryable) == (ImportState.FAILED, step, True)
    return batch


def test_killed_check_and_commit_end_in_a_retry_that_commits_once(org, users, workers, settings):
    settings.LEDGER_STALE_SECONDS = STALE_SECONDS
    upload = SimpleUploadedFile("大台账.xlsx", big_ledger(ROWS))
    batch = batches.batch_upload(upload=upload, by=users["admin"], options={})

    send("check", batch.pk)
    kill_during(workers("check1"), batch.pk, ImportState.VALIDATING, percent=10)
    batch = reap(batch.pk, ImportState.VALIDATING)
    assert batches.batch_retry(batch=batch) == "check"
    second = workers("check2")
    send("check", batch.pk)
    batch = wait_for(batch.pk, lambda b: b.state == ImportState.READY)
    assert batch.created_count == ROWS and batch.attempts == 2

    assert batches.batch_request_commit(batch=batch)
    send("commit", batch.pk)
    kill_during(second, batch.pk, ImportState.COMMITTING, percent=72)
    batch = reap(batch.pk, ImportState.COMMITTING)
    assert RiskPoint.objects.count() == 0  # the killed transaction left nothing

    assert batches.batch_retry(batch=batch) == "commit"
    workers("commit")
    send("commit", batch.pk)
    send("commit", batch.pk)  # a redelivered or doubled message
    batch = wait_for(batch.pk, lambda b: b.state == ImportState.COMMITTED)
    time.sleep(2)  # the doubled message has had its turn
    assert RiskPoint.objects.count() == ROWS == ImportedChange.objects.filter(batch=batch).count()
    assert RiskPoint.objects.values("code").distinct().count() == ROWS
