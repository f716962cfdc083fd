"""Import jobs that a dead worker, a redelivered message or a double click cannot break:
stalled checks and commits are reaped and retried, a batch is committed once, and a
code-less ledger imported twice does not double the register."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from registry.ledger import batches, jobs
from registry.models import ImportBatch, ImportedChange, ImportState, RiskPoint
from tests.registry.ledger_support import ledger

pytestmark = pytest.mark.django_db

ROWS = [
    [1, "区财政局", "政府采购科", "采购经办岗", "采购需求量身定制", "岗位职责风险", "二级", "措施"],
    [2, "区财政局", "预算科", "预算审核岗", "预算调整", "岗位职责风险", "三级", "复核"],
]  # no codes: matched by unit, department, post and name


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VAR_DIR = tmp_path


def uploaded(users, data: bytes = b"") -> ImportBatch:
    upload = SimpleUploadedFile("台账.xlsx", data or ledger(ROWS))
    return batches.batch_upload(upload=upload, by=users["admin"], options={})


def ready(users) -> ImportBatch:
    batch = uploaded(users)
    batches.batch_check(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.state == ImportState.READY
    return batch


def died(batch: ImportBatch, state: str, minutes: int = 10) -> None:
    """As a worker killed -9 leaves it: claimed, then silent."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=state,
        owner="dead-host:1:x",
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


def test_a_redelivered_check_of_a_dead_worker_starts_again(org, users):
    batch = uploaded(users)
    died(batch, ImportState.VALIDATING)
    assert batches.batch_check(batch_id=batch.pk).state == ImportState.READY
    batch.refresh_from_db()
    assert batch.attempts == 1 and batch.owner == ""


def test_a_redelivered_job_leaves_a_live_worker_alone(org, users):
    batch = uploaded(users)
    died(batch, ImportState.VALIDATING, minutes=0)
    assert batches.batch_check(batch_id=batch.pk) == jobs.BUSY
    batch.refresh_from_db()
    assert batch.state == ImportState.VALIDATING and batch.owner == "dead-host:1:x"


def test_the_reaper_fails_stalled_jobs_and_the_retry_commits_once(
    org, users, login, django_capture_on_commit_callbacks
):
    batch = ready(users)
    assert batches.batch_request_commit(batch=batch)
    died(batch, ImportState.COMMITTING)
    fresh = uploaded(users)
    died(fresh, ImportState.VALIDATING, minutes=0)

    assert jobs.reap_stalled() == 1
    batch.refresh_from_db()
    assert batch.state == ImportState.FAILED and batch.is_retryable and "重试" in batch.message
    assert ImportBatch.objects.get(pk=fresh.pk).state == ImportState.VALIDATING
    assert batches.batch_commit(batch_id=batch.pk) is None  # the old message, redelivered late

    client = login(users["admin"])
    page = client.get(f"/ledgers/{batch.pk}/").content.decode()
    assert "ledger-retry" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledgers/{batch.pk}/retry/")  # tasks run eagerly in tests
    batch.refresh_from_db()
    assert batch.state == ImportState.COMMITTED and RiskPoint.objects.count() == 2
    assert batches.batch_commit(batch_id=batch.pk) is None
    assert batches.batch_retry(batch=batch) is None
    assert RiskPoint.objects.count() == 2 and ImportedChange.objects.count() == 2


def test_a_commit_taken_over_midway_writes_nothing(org, users, monkeypatch):
    batch = ready(users)
    batches.batch_request_commit(batch=batch)
    record = batches._record_changes

    def another_worker_takes_over(batch_, result):
        record(batch_, result)
        ImportBatch.objects.filter(pk=batch.pk).update(owner="another:2:y")

    monkeypatch.setattr(batches, "_record_changes", another_worker_takes_over)
    assert batches.batch_commit(batch_id=batch.pk) is None
    assert RiskPoint.objects.count() == 0 and ImportedChange.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportState.COMMITTING


def test_the_same_code_less_file_uploaded_twice_does_not_double_the_register(org, users):
    first, second = ready(users), ready(users)  # both checked before either commits
    for batch in (first, second):
        batches.batch_request_commit(batch=batch)
        batches.batch_commit(batch_id=batch.pk)
    second.refresh_from_db()
    assert RiskPoint.objects.count() == 2
    assert (second.state, second.created_count, second.unchanged_count) == (
        ImportState.COMMITTED, 0, 2,
    )  # fmt: skip


def test_the_progress_bar_moves_during_a_commit_on_sqlite(org, users, login):
    if connection.vendor != "sqlite":
        pytest.skip(
            "SQLite's progress file; PostgreSQL's second connection is exercised by "
            "test_ledger_worker_crash (the test watches a worker's commit pass 72%)"
        )
    batch = ready(users)
    batches.batch_request_commit(batch=batch)
    client = login(users["admin"])
    with transaction.atomic():  # the commit's transaction holds SQLite's only write lock
        batches.Progress(batch.pk)(0.75, "写入台账")
        answer = client.get(f"/ledgers/{batch.pk}/progress/").json()
    assert (answer["progress"], answer["text"], answer["running"]) == (75, "写入台账", True)


def test_a_failed_check_never_looks_like_success(org, users, login):
    batch = uploaded(users, ledger([[*ROWS[0][:6], "五级", "措施"], ROWS[1]]))
    batches.batch_check(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.state == ImportState.INVALID
    page = login(users["admin"]).get(f"/ledgers/{batch.pk}/").content.decode()
    assert "ledger-nothing-saved" in page and "ledger-confirm" not in page
    assert "将新建" in page and "<th>新建</th>" not in page
