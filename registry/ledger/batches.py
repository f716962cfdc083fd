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

from registry.ledger import bulk, engine, jobs
from registry.ledger.problems import BadFile, Problems
from registry.ledger.reading import check_container
from registry.ledger.sheets import Context, get_sheet_type
from registry.models import ImportBatch, ImportedChange, ImportState


class Progress:
    """Writes progress (and the heartbeat) where a polling browser can see it.

    Inside the commit's transaction an ordinary UPDATE would stay invisible
    until the end, so on PostgreSQL progress goes through a second, autocommit
    connection. SQLite allows one writer at a time, and the commit is that
    writer: there progress goes to a small file the progress view reads.
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
                progress=percent, progress_text=text or "", heartbeat_at=timezone.now()
            )
        elif connection.vendor == "sqlite":
            self._file_update(percent, text)
        else:
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

    def _file_update(self, percent: int, text: str) -> None:
        path = jobs.progress_file(self.batch_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        previous = read_progress_file(self.batch_id)
        text = text or (previous[1] if previous else "")
        temporary = path.with_suffix(".tmp")
        temporary.write_text(f"{percent}\n{text}", encoding="utf-8")
        temporary.replace(path)  # atomic: the view never reads half a file


def read_progress_file(batch_id: int) -> tuple[int, str] | None:
    try:
        percent, _newline, text = jobs.progress_file(batch_id).read_text("utf-8").partition("\n")
        return int(percent), text
    except (OSError, ValueError):
        return None


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


def batch_check(*, batch_id: int) -> ImportBatch | str | None:
    """Read and validate the file, keep the preview on the batch.

    Runs once per claim: a replayed task finds the batch taken (``jobs.BUSY`` while
    its worker lives) and a stalled check is taken over and started again.
    """
    running = ImportState.VALIDATING
    owner = jobs.claim(batch_id, waiting=(ImportState.UPLOADED,), running=running)
    if owner is None:
        return jobs.BUSY if jobs.held_by_another(batch_id, running) else None
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    with jobs.beating(batch_id, owner):
        try:
            result = engine.preview(_read(batch), **_engine_args(batch))
        except BadFile as error:
            return _finish_bad_file(batch, owner, running, error)
        except Exception as error:
            jobs.fail(batch_id, owner, running, str(error))
            raise
    state = ImportState.READY if result.ok else ImportState.INVALID
    try:
        return _finish(batch, owner, running, result, state)
    except jobs.Superseded:  # a stalled check taken over: the other worker reports
        return None


def batch_request_commit(*, batch: ImportBatch) -> bool:
    """READY → COMMITTING, once: a second click or a replayed task does nothing."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, state=ImportState.READY).update(
            state=ImportState.COMMITTING,
            owner="",
            heartbeat_at=timezone.now(),
            progress=0,
            progress_text=_("Waiting to start"),
        )  # fmt: skip
    )


def batch_commit(*, batch_id: int) -> ImportBatch | str | None:
    """Run the import for real: everything in one transaction, or nothing — and only once.

    The claim gives this worker the batch; the transaction's last statement marks it
    committed only if it still is this worker's (``jobs.finish``), so two workers on
    one batch (a redelivered message, a retry) can never both write.
    """
    running = ImportState.COMMITTING
    owner = jobs.claim(batch_id, waiting=(), running=running)
    if owner is None:
        return jobs.BUSY if jobs.held_by_another(batch_id, running) else None
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    data = _read(batch)
    with jobs.beating(batch_id, owner):
        try:
            with transaction.atomic():
                result = engine.commit(data, **_engine_args(batch))
                if result.committed:
                    _record_changes(batch, result)
                state = ImportState.COMMITTED if result.committed else ImportState.INVALID
                _finish(batch, owner, running, result, state)
        except jobs.Superseded:
            return None
        except BadFile as error:
            return _finish_bad_file(batch, owner, running, error)
        except Exception as error:  # the database refused: nothing was saved
            jobs.fail(batch_id, owner, running, str(error))
            raise
    return batch


def batch_recheck(*, batch: ImportBatch) -> bool:
    """A checked batch back to the start (after its columns were mapped): True if moved."""
    moved = ImportBatch.objects.filter(
        pk=batch.pk, state__in=(ImportState.INVALID, ImportState.READY)
    ).update(state=ImportState.UPLOADED, progress=0, progress_text="", message="", report={})
    return bool(moved)


def batch_retry(*, batch: ImportBatch) -> str | None:
    """A check or commit whose worker died, queued again: "check", "commit" or None."""
    return jobs.retry(batch)


def _read(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as stored:
        return stored.read()


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
            owner=jobs.worker_name(),
        )  # fmt: skip
        batch.save()
        result = engine.commit(data, **_engine_args(batch, progress=lambda f, t: None))
        if not result.committed:
            transaction.set_rollback(True)
            return result
        batch.file.save(file_name, ContentFile(data), save=False)
        batch.save(update_fields=["file"])
        _record_changes(batch, result)
        _finish(batch, batch.owner, ImportState.COMMITTING, result, ImportState.COMMITTED)
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
        model = change.model or type(change.obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        rows.append(
            {
                "batch_id": batch.pk, "action": change.action, "sheet": change.sheet[:100],
                "row": change.row, "content_type_id": types[model],
                "object_id": change.pk if change.pk is not None else change.obj.pk,
                "label": str(change.label)[:255],
            }
        )  # fmt: skip
    bulk.insert(ImportedChange, rows, keys=False)
    batch.committed_at = timezone.now()


def _finish(batch, owner: str, running: str, result: engine.Result, state: str) -> ImportBatch:
    batch.state, batch.progress, batch.progress_text = state, 100, ""
    batch.created_count, batch.updated_count = result.created, result.updated
    batch.unchanged_count, batch.error_count = result.unchanged, len(result.errors)
    batch.report = result.report()
    batch.report["same_file"] = _earlier_import(batch)
    fields = (
        "state", "progress", "progress_text", "created_count", "updated_count",
        "unchanged_count", "error_count", "report", "committed_at",
    )  # fmt: skip
    if not jobs.finish(batch.pk, owner, running, **{f: getattr(batch, f) for f in fields}):
        raise jobs.Superseded
    batch.owner = ""
    jobs.progress_file(batch.pk).unlink(missing_ok=True)
    return batch


def _finish_bad_file(batch, owner: str, running: str, error: BadFile) -> ImportBatch | None:
    batch.state, batch.progress, batch.message = ImportState.INVALID, 100, error.message
    batch.error_count = 1
    fields = ("state", "progress", "message", "error_count")
    if not jobs.finish(batch.pk, owner, running, **{f: getattr(batch, f) for f in fields}):
        return None
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
