"""Excel exports too large to write during a request: a worker writes them, the user waits
on a progress bar and downloads the file when it is ready.

Small exports (up to ``EXPORT_IMMEDIATE_ROWS`` rows) are written in the request as
before. A large one becomes an ``ExportJob``: queued through the outbox (a broker that
is down never fails the request; beat sends it later), written by
``registry.tasks.run_export`` with the requester's scope, stored like an upload
(random name, Django's storage) and handed out only to the requester, until it
expires (``EXPORT_KEEP_HOURS``); beat deletes expired files.

The job stores the request's filters, never a queryset: the worker rebuilds the very
rows the list shows for them (``registry.ledger.export.export_queryset`` and the
change log's ``ChangeLogFilter``).
"""

import datetime
import os
import tempfile
from itertools import islice

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from registry.history import ChangeLogFilter, change_log_records
from registry.history_export import write_change_log_to
from registry.ledger.export import export_name, export_queryset, write_register
from registry.models import ExportJob, ExportKind, ExportState, Unit
from registry.outbox import enqueue

PROGRESS_EVERY = 2000


def immediate_rows() -> int:
    return int(getattr(settings, "EXPORT_IMMEDIATE_ROWS", 5000))


def keep_hours() -> int:
    return int(getattr(settings, "EXPORT_KEEP_HOURS", 24))


def register_is_large(points) -> bool:
    """More points than an immediate export writes: a bounded count, never the district's."""
    return points[: immediate_rows() + 1].count() > immediate_rows()


def change_log_is_large(*, viewer, filters: ChangeLogFilter) -> bool:
    records = change_log_records(viewer=viewer, filters=filters)
    return sum(1 for _ in islice(records, immediate_rows() + 1)) > immediate_rows()


def change_log_params(filters: ChangeLogFilter) -> dict:
    return {
        "model_key": filters.model_key,
        "user_id": filters.user_id,
        "unit_id": filters.unit.pk if filters.unit else None,
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
    }


@transaction.atomic
def export_start(*, kind: str, params: dict, by) -> ExportJob:
    """Queue an export of ``kind`` for ``by``; the worker starts once this commits."""
    job = ExportJob.objects.create(
        kind=kind,
        params=params,
        requested_by=by,
        expires_at=timezone.now() + datetime.timedelta(hours=keep_hours()),
    )
    enqueue("registry.tasks.run_export", job_id=job.pk)
    return job


def export_for(user, pk: int) -> ExportJob:
    """The user's own export; anyone else's is a 404, superusers included (it holds
    what the requester's scope showed)."""
    return get_object_or_404(ExportJob, pk=pk, requested_by=user)


def export_run(*, job_id: int) -> ExportJob | None:
    """The task's body: write the file and store it. Safe to run twice: a job that
    finished, failed or expired is left as it is."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_running or job.is_expired:
            return job
        job.state = ExportState.RUNNING
        job.save(update_fields=["state"])
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "export.xlsx")
            name = _WRITERS[job.kind](job, path)
            with open(path, "rb") as written:
                job.file.save(f"{name}.xlsx", File(written), save=False)
    except Exception as exc:
        _finish(job, ExportState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    job.file_name = f"{name}.xlsx"
    _finish(job, ExportState.DONE)
    return job


def _finish(job: ExportJob, state: str, *, error: str = "") -> None:
    job.state, job.error, job.finished_at = state, error, timezone.now()
    job.save(update_fields=["state", "error", "finished_at", "file", "file_name", "done"])


def _progress(job: ExportJob):
    def report(done: int) -> None:
        job.done = done
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    return report


def _write_register(job: ExportJob, path: str) -> str:
    params = QueryDict(mutable=True)
    for key, values in job.params.items():
        params.setlist(key, values)
    points = export_queryset(user=job.requested_by, params=params)
    ExportJob.objects.filter(pk=job.pk).update(total=points.count())
    job.done = write_register(points, path, progress=_progress(job))
    return export_name(job.created_at)


def _write_change_log(job: ExportJob, path: str) -> str:
    p = job.params
    filters = ChangeLogFilter(
        model_key=p.get("model_key") or "",
        user_id=p.get("user_id"),
        unit=Unit.objects.filter(pk=p["unit_id"]).first() if p.get("unit_id") else None,
        date_from=datetime.date.fromisoformat(p["date_from"]) if p.get("date_from") else None,
        date_to=datetime.date.fromisoformat(p["date_to"]) if p.get("date_to") else None,
    )
    job.done = write_change_log_to(
        path, viewer=job.requested_by, filters=filters, progress=_progress(job)
    )
    return f"change-log-{timezone.localdate(job.created_at):%Y%m%d}"


_WRITERS = {ExportKind.REGISTER: _write_register, ExportKind.CHANGE_LOG: _write_change_log}


def exports_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Beat: delete expired exports and their files; the number deleted."""
    expired = list(ExportJob.objects.filter(expires_at__lte=now or timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
