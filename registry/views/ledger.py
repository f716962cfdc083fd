"""Excel ledgers in the browser: upload → check (task) → preview → commit (task) → summary;
import history; the blank template; the register's export."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.exports import export_start, register_is_large
from registry.ledger import batches
from registry.ledger.export import export_name, export_queryset, write_register, write_template
from registry.ledger.forms import LedgerUploadForm
from registry.ledger.headers import remember_mapping
from registry.ledger.problems import BadFile
from registry.ledger.sheets import get_sheet_type
from registry.ledger.tasks import enqueue
from registry.models import ExportKind, ImportBatch, ImportState
from registry.scoping import can_write_register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_importer(user) -> None:
    if not can_write_register(user):
        raise PermissionDenied(_("Your roles do not allow importing risk points."))


def _get_batch(user, pk: int) -> ImportBatch:
    """A user's own imports; superusers see all. Anyone else's is a 404."""
    batches_seen = ImportBatch.objects.select_related("created_by")
    if not user.is_superuser:
        batches_seen = batches_seen.filter(created_by=user)
    return get_object_or_404(batches_seen, pk=pk)


@login_required
def ledger_import(request):
    _require_importer(request.user)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = form.upload(by=request.user)
        except BadFile as error:
            form.add_error("file", error.message)
        else:
            return redirect("registry:ledger_batch", pk=batch.pk)
    recent = ImportBatch.objects.filter(created_by=request.user)[:5]
    return render(request, "registry/ledger_import.html", {"form": form, "recent": recent})


@login_required
def ledger_batch(request, pk: int):
    batch = _get_batch(request.user, pk)
    changes = None
    if batch.state == ImportState.COMMITTED:
        rows = batch.changes.select_related("content_type").order_by("sheet", "row")
        changes = Paginator(rows, 100).get_page(request.GET.get("page"))
    columns = [(c.key, c.label) for c in get_sheet_type(batch.sheet_type).columns if c.stored]
    return render(
        request,
        "registry/ledger_batch.html",
        {"batch": batch, "report": batch.report or {}, "changes": changes, "columns": columns},
    )


@login_required
def ledger_batch_progress(request, pk: int):
    batch = _get_batch(request.user, pk)
    progress, text = batch.progress, batch.progress_text
    if batch.is_running and (in_file := batches.read_progress_file(batch.pk)):
        progress, text = max(progress, in_file[0]), in_file[1] or text
    return JsonResponse(
        {
            "state": batch.state,
            "state_label": batch.get_state_display(),
            "running": batch.is_running,
            "progress": progress,
            "text": text,
        }
    )


@login_required
@require_POST
def ledger_batch_commit(request, pk: int):
    batch = _get_batch(request.user, pk)
    _require_importer(request.user)
    if batches.batch_request_commit(batch=batch):
        enqueue("commit", batch.pk)
    return redirect("registry:ledger_batch", pk=batch.pk)


@login_required
@require_POST
def ledger_batch_retry(request, pk: int):
    """A check or commit whose worker died: run it again."""
    batch = _get_batch(request.user, pk)
    _require_importer(request.user)
    if job := batches.batch_retry(batch=batch):
        enqueue(job, batch.pk)
    return redirect("registry:ledger_batch", pk=batch.pk)


@login_required
@require_POST
def ledger_batch_mapping(request, pk: int):
    """The column-mapping step: remember the user's choice for this header layout, check again."""
    batch = _get_batch(request.user, pk)
    _require_importer(request.user)
    wanted = _mapping_request(batch, request.POST.get("signature", ""))
    if wanted is None or batch.state != ImportState.INVALID:
        return redirect("registry:ledger_batch", pk=batch.pk)
    positions = [h["position"] for h in wanted["headers"]]
    try:
        with transaction.atomic():
            remember_mapping(
                sheet_type=get_sheet_type(batch.sheet_type),
                signature=wanted["signature"],
                headers={h["position"]: h["text"] for h in wanted["headers"]},
                choices={p: request.POST.get(f"column-{p}", "") for p in positions},
                above=tuple(wanted.get("above", ())),
                by=request.user,
            )
            if batches.batch_recheck(batch=batch):
                enqueue("check", batch.pk)
    except BadFile as error:
        messages.error(request, error.message)
    return redirect("registry:ledger_batch", pk=batch.pk)


def _mapping_request(batch: ImportBatch, signature: str) -> dict | None:
    for wanted in (batch.report or {}).get("mapping", []):
        if wanted["signature"] == signature:
            return wanted
    return None


@login_required
def ledger_history(request):
    _require_importer(request.user)
    rows = ImportBatch.objects.select_related("created_by")
    if not request.user.is_superuser:
        rows = rows.filter(created_by=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "registry/ledger_history.html", {"page": page})


@login_required
def ledger_template(request):
    return _xlsx_response(write_template, _("risk-ledger-template"))


@login_required
def ledger_export(request):
    """The register as the list shows it for these filters: the user's scope, the same order.
    A large export is written by a worker; the user follows it on its page."""
    points = export_queryset(user=request.user, params=request.GET)
    if register_is_large(points):
        params = {key: request.GET.getlist(key) for key in request.GET}
        job = export_start(kind=ExportKind.REGISTER, params=params, by=request.user)
        return redirect("registry:export_job", pk=job.pk)
    return _xlsx_response(lambda stream: write_register(points, stream), export_name())


def _xlsx_response(write, name: str) -> FileResponse:
    # Spooled: small exports stay in memory, large ones go to a temporary file.
    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX)
