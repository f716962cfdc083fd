"""A large export is written by a worker: the user follows a progress bar and downloads the
file when it is ready; only they may, and only until it expires. Small exports stay
immediate, and a broker that is down never fails the request."""

import datetime
import io

import openpyxl
import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from registry import exports
from registry.ledger import export as ledger_export
from registry.models import ExportJob, ExportState, Measure, OutboxMessage
from tests.registry.outage_support import refusing_url, restore_broker, use_broker


@pytest.fixture
def register(make_point, settings, tmp_path):
    """Five points with measures; exports above three rows go to the worker."""
    settings.EXPORT_IMMEDIATE_ROWS = 3
    settings.MEDIA_ROOT = str(tmp_path)
    points = [make_point(name=f"风险点{i}", code=f"FX-{i}") for i in range(5)]
    for point in points:
        Measure.objects.create(risk_point=point, text=f"{point.name}的措施一", sort_order=1)
        Measure.objects.create(risk_point=point, text=f"{point.name}的措施二", sort_order=2)
    return points


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))["风险点登记表"]


def test_a_small_export_is_immediate(register, users, login, settings):
    settings.EXPORT_IMMEDIATE_ROWS = 5
    response = login(users["inspector"]).get(reverse("registry:ledger_export"))
    assert response.status_code == 200
    assert _sheet(b"".join(response.streaming_content)).max_row == 6
    assert not ExportJob.objects.exists()


def test_a_large_export_runs_in_the_background_and_is_downloaded_when_ready(
    register, users, login, django_capture_on_commit_callbacks
):
    client = login(users["inspector"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:ledger_export"), {"sort": "name"})
    job = ExportJob.objects.get()
    assert response.url == reverse("registry:export_job", args=[job.pk])
    assert (job.state, job.done, job.total, job.params) == ("done", 5, 5, {"sort": ["name"]})

    page = client.get(response.url).content.decode()
    download = reverse("registry:export_download", args=[job.pk])
    assert download in page and "export-progress" not in page
    file = client.get(download)
    assert file["Content-Disposition"].startswith("attachment")
    sheet = _sheet(b"".join(file.streaming_content))
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        f"风险点{i}" for i in range(5)
    ]
    assert sheet["J2"].value == "1、风险点0的措施一\n2、风险点0的措施二"


def test_the_page_shows_progress_while_the_worker_writes(
    register, users, login, monkeypatch, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # queued, not run: the outbox holds it
    client = login(users["inspector"])
    job = exports.export_start(kind="register", params={}, by=users["inspector"])
    page = client.get(reverse("registry:export_job", args=[job.pk])).content.decode()
    assert 'id="export-progress"' in page and "export_download" not in page
    progress_url = reverse("registry:export_job_progress", args=[job.pk])
    assert client.get(progress_url).json() | {"state_label": ""} == {
        "state": "queued", "state_label": "", "running": True, "progress": 0, "done": 0,
        "total": 0,
    }  # fmt: skip

    seen = []
    monkeypatch.setattr(ledger_export, "CHUNK", 2)
    report = exports._progress

    def watching(job):
        def each(done):
            report(job)(done)
            seen.append(client.get(progress_url).json()["progress"])

        return each

    monkeypatch.setattr(exports, "_progress", watching)
    exports.export_run(job_id=job.pk)
    assert seen == [40, 80]  # 2 and 4 of 5 rows written
    assert client.get(progress_url).json()["progress"] == 100


@pytest.mark.parametrize("other", ["admin", "auditor", "depthead"])
def test_only_the_requester_sees_and_downloads_the_export(
    register, users, login, other, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_start(kind="register", params={}, by=users["inspector"])
    users[other].is_superuser = other == "admin"
    users[other].save()
    client = login(users[other])
    for name in ("export_job", "export_job_progress", "export_download"):
        assert client.get(reverse(f"registry:{name}", args=[job.pk])).status_code == 404


def test_the_worker_writes_only_what_the_requesters_scope_shows(
    register, users, login, make_point, org, django_capture_on_commit_callbacks
):
    make_point(name="税务局的点", post=None, unit=org.tax)
    client = login(users["depthead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("registry:ledger_export"))
    job = ExportJob.objects.get(requested_by=users["depthead"])
    sheet = _sheet(b"".join(client.get(reverse("registry:export_download", args=[job.pk]))
                            .streaming_content))  # fmt: skip
    names = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "税务局的点" not in names and len(names) == 5


def test_an_expired_export_is_gone(register, users, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_start(kind="register", params={}, by=users["inspector"])
    job.refresh_from_db()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    client = login(users["inspector"])
    assert client.get(reverse("registry:export_download", args=[job.pk])).status_code == 404
    assert (
        'id="export-expired"'
        in client.get(reverse("registry:export_job", args=[job.pk])).content.decode()
    )

    assert exports.exports_purge_expired(now=timezone.now() + datetime.timedelta(seconds=1)) == 1
    assert not ExportJob.objects.exists()
    assert not job.file.storage.exists(stored)


def test_a_broker_that_is_down_does_not_fail_the_request(register, users, login, settings):
    use_broker(settings, refusing_url())
    settings.OUTBOX_PAUSE_SECONDS = 0
    try:
        response = login(users["inspector"]).get(reverse("registry:ledger_export"))
    finally:
        restore_broker()
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.state == ExportState.QUEUED
    message = OutboxMessage.objects.get(task="registry.tasks.run_export")
    assert message.kwargs == {"job_id": job.pk} and message.sent_at is None


def test_a_large_change_log_export_runs_in_the_background(
    register, users, login, django_capture_on_commit_callbacks
):
    client = login(users["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:change_log_export"))
    job = ExportJob.objects.get()
    assert response.url == reverse("registry:export_job", args=[job.pk])
    assert (job.kind, job.state) == ("change_log", "done")
    file = client.get(reverse("registry:export_download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(file.streaming_content)))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == job.done >= 15  # 5 points and 10 measures created
    assert all(row[0] and row[2] for row in rows)  # when and what


@pytest.mark.parametrize("count", [3, 30])
def test_the_export_takes_the_same_queries_for_3_or_30_points(
    make_point, users, count, django_assert_max_num_queries
):
    for i in range(count):
        point = make_point(name=f"风险点{i}")
        Measure.objects.create(risk_point=point, text="措施一", sort_order=1)
        Measure.objects.create(risk_point=point, text="措施二", sort_order=2)
    stream = io.BytesIO()
    with django_assert_max_num_queries(8):
        written = ledger_export.write_register(
            ledger_export.export_queryset(user=users["inspector"], params=QueryDict()), stream
        )
    assert written == count
    assert _sheet(stream.getvalue())["J2"].value == "1、措施一\n2、措施二"
