"""Services around an ``ImportBatch``: upload, check (preview), commit; progress on the row.

The browser flow is upload → ``batch_check`` (a Celery task) → preview →
``batch_commit`` (a Celery task) → summary; the command runs ``import_file``.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.ledger import engine
from registry.ledger.problems import BadFile, Problems
from registry.ledger.reading import check_container
from registry.ledger.sheets import Context, get_sheet_type
from registry.models import ImportBatch, ImportedChange, ImportState


class Progress:
    """Writes progress to the batch row where a polling browser can see it.

    Inside the commit's transaction an ordinary UPDATE would stay invisible
    until the end, so on PostgreSQL progress goes through a second, autocommit
    connection. SQLite allows one writer at a time: there the bar moves between
    steps only.
    """

    def __init__(self, batch_id: int) -> None:
        self.batch_id, self.last = batch_id, -1

    def __call__(self, fraction: float, text: str) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent == self.last:
            return
        self.last = percent
        if not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_id).update(
                progress=percent, progress_text=text or ""
            )
        elif connection.vendor != "sqlite":
            self._side_update(percent, text)

    def _side_update(self, percent: int, text: str) -> None:
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with side.cursor() as cursor:
                table = ImportBatch._meta.db_table
                sql = f'UPDATE "{table}" SET "progress" = %s'
                params = [percent]
                if text:
                    sql += ', "progress_text" = %s'
                    params.append(text)
                cursor.execute(sql + ' WHERE "id" = %s', [*params, self.batch_id])
        finally:
            side.close()


def batch_upload(
    *, upload, by, sheet: str = "", options: dict, sheet_type: str = "risk_points"
) -> ImportBatch:
    """Keep the uploaded file in storage and record the batch; the check runs as a task."""
    data = upload.read()
    check_container(data, file_name=upload.name)  # size and format, before anything is stored
    batch = ImportBatch(
        sheet_type=sheet_type,
        file_name=upload.name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        sheet_name=sheet,
        options=options,
        created_by=by,
    )
    batch.file.save(upload.name, ContentFile(data), save=False)
    batch.save()
    return batch


def _context(batch: ImportBatch, *, progress=None) -> Context:
    return Context(
        by=batch.created_by,
        options=batch.options,
        problems=Problems(),
        # django-simple-history keeps at most 100 characters of a change reason.
        change_reason=_reason(batch),
        progress=progress or Progress(batch.pk),
    )


def _reason(batch: ImportBatch) -> str:
    return (_("Ledger import #%(id)s (%(file)s)") % {"id": batch.pk, "file": batch.file_name})[:100]


def batch_check(*, batch_id: int) -> ImportBatch | None:
    """Read and validate the file, keep the preview on the batch. Safe to run twice."""
    claimed = ImportBatch.objects.filter(pk=batch_id, state=ImportState.UPLOADED).update(
        state=ImportState.VALIDATING, progress=1
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    with batch.file.open("rb") as stored:
        data = stored.read()
    try:
        result = engine.preview(data, **_engine_args(batch))
    except BadFile as error:
        return _finish_bad_file(batch, error)
    state = ImportState.READY if result.ok else ImportState.INVALID
    return _finish(batch, result, state)


def batch_request_commit(*, batch: ImportBatch) -> bool:
    """READY → COMMITTING, once: a second click or a replayed task does nothing."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, state=ImportState.READY).update(
            state=ImportState.COMMITTING, progress=0, progress_text=_("Waiting to start")
        )
    )


def batch_commit(*, batch_id: int) -> ImportBatch | None:
    """Run the import for real: everything in one transaction, or nothing."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.state != ImportState.COMMITTING:
        return None
    with batch.file.open("rb") as stored:
        data = stored.read()
    try:
        with transaction.atomic():
            result = engine.commit(data, **_engine_args(batch))
            if result.committed:
                _record_changes(batch, result)
    except BadFile as error:
        return _finish_bad_file(batch, error)
    except Exception as error:  # noqa: BLE001 — the database refused: nothing was saved
        batch.state, batch.message = ImportState.FAILED, str(error)[:2000]
        batch.save(update_fields=["state", "message"])
        raise
    state = ImportState.COMMITTED if result.committed else ImportState.INVALID
    return _finish(batch, result, state)


def import_file(
    *,
    data: bytes,
    file_name: str,
    by,
    sheet: str,
    options: dict,
    dry_run: bool,
    sheet_type: str = "risk_points",
) -> engine.Result:
    """The command's path: synchronous; a batch is kept only when the import is committed."""
    if dry_run:
        context = Context(by=by, options=options, problems=Problems())
        return engine.preview(
            data,
            sheet_type=get_sheet_type(sheet_type),
            context=context,
            file_name=file_name,
            sheet=sheet,
        )
    with transaction.atomic():
        batch = ImportBatch(
            sheet_type=sheet_type, file_name=file_name[:255], sha256=hashlib.sha256(data).hexdigest(),
            size=len(data), sheet_name=sheet, options=options, created_by=by, state=ImportState.COMMITTING,
        )  # fmt: skip
        batch.save()
        result = engine.commit(data, **_engine_args(batch, progress=lambda f, t: None))
        if not result.committed:
            transaction.set_rollback(True)
            return result
        batch.file.save(file_name, ContentFile(data), save=False)
        _record_changes(batch, result)
        _finish(batch, result, ImportState.COMMITTED)
    return result


def _engine_args(batch: ImportBatch, progress=None) -> dict:
    return {
        "sheet_type": get_sheet_type(batch.sheet_type),
        "context": _context(batch, progress=progress),
        "file_name": batch.file_name,
        "sheet": batch.sheet_name,
    }


def _record_changes(batch: ImportBatch, result: engine.Result) -> None:
    types = {}
    rows = []
    for change in result.changes:
        model = type(change.obj)
        types.setdefault(model, ContentType.objects.get_for_model(model))
        rows.append(
            ImportedChange(
                batch=batch, action=change.action, sheet=change.sheet[:100], row=change.row,
                content_type=types[model], object_id=change.obj.pk, label=str(change.label)[:255],
            )
        )  # fmt: skip
    ImportedChange.objects.bulk_create(rows, batch_size=2000)
    batch.committed_at = timezone.now()


def _finish(batch: ImportBatch, result: engine.Result, state: str) -> ImportBatch:
    batch.state, batch.progress, batch.progress_text = state, 100, ""
    batch.created_count, batch.updated_count = result.created, result.updated
    batch.unchanged_count, batch.error_count = result.unchanged, len(result.errors)
    batch.report = result.report()
    batch.report["same_file"] = _earlier_import(batch)
    batch.save()
    return batch


def _finish_bad_file(batch: ImportBatch, error: BadFile) -> ImportBatch:
    batch.state, batch.progress, batch.message = ImportState.INVALID, 100, error.message
    batch.error_count = 1
    batch.save()
    return batch


def _earlier_import(batch: ImportBatch) -> dict | None:
    """The same file (by SHA-256) imported before: worth telling, re-importing changes nothing."""
    earlier = (
        ImportBatch.objects.filter(sha256=batch.sha256, state=ImportState.COMMITTED)
        .exclude(pk=batch.pk)
        .select_related("created_by")
        .first()
    )
    if earlier is None:
        return None
    return {
        "id": earlier.pk,
        "at": earlier.committed_at.isoformat() if earlier.committed_at else "",
        "by": earlier.created_by.get_username() if earlier.created_by else "",
    }
