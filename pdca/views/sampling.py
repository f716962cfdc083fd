from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdca import selectors
from pdca.access import may_inspect, may_run_draws, sees_whole_inspection
from pdca.choices import CheckResult
from pdca.forms import CompleteForm, DrawForm, EvidenceForm, FindingForm
from pdca.models import Inspection
from pdca.services import inspections as services
from pdca.services.draws import draw_for_quarter, replay
from pdca.views.common import report_errors
from registry import uploads
from registry.models import Unit


def _districts_for(user) -> list[Unit]:
    return [d for d in Unit.objects.filter(parent__isnull=True) if may_run_draws(user, d)]


@login_required
def draw_list(request):
    districts = _districts_for(request.user)
    form = DrawForm(request.POST or None)
    if request.method == "POST":
        district = get_object_or_404(Unit, pk=request.POST.get("district"), parent__isnull=True)
        if district not in districts:
            raise PermissionDenied(_("Only discipline staff of the district run its draw."))
        if form.is_valid():
            draw, created = draw_for_quarter(
                district=district, quarter=form.cleaned_data["quarter"], by=request.user
            )
            if not created:
                messages.info(
                    request,
                    _("The draw for %(quarter)s already existed.") % {"quarter": draw.quarter},
                )
            return redirect("pdca:draw_detail", pk=draw.pk)
    draws = selectors.visible_draws(request.user).order_by("-quarter")
    return render(
        request,
        "pdca/draw_list.html",
        {
            "page": Paginator(draws, 50).get_page(request.GET.get("page")),
            "form": form,
            "districts": districts,
        },
    )


@login_required
def draw_detail(request, pk: int):
    draw = selectors.get_draw(user=request.user, pk=pk)
    inspections = (
        Inspection.objects.visible_to(request.user)
        .filter(draw=draw)
        .select_related("unit", "inspector")
        .order_by("unit__path")
    )
    verified = None
    if request.GET.get("verify"):
        verified = replay(draw) == draw.selected
    return render(
        request,
        "pdca/draw_detail.html",
        {
            "draw": draw,
            "page": Paginator(inspections, 100).get_page(request.GET.get("page")),
            "verified": verified,
            "previous_count": len(draw.previous_units),
        },
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_inspection(user=request.user, pk=pk)
    can_record = may_inspect(request.user, inspection)
    if request.method == "POST":
        _require_recorder(request.user, inspection)
        _save_results(request, inspection)
        return redirect("pdca:inspection_detail", pk=inspection.pk)
    visible = selectors.inspection_items(user=request.user, inspection=inspection)
    items = list(visible.prefetch_related("evidence").order_by("level", "point_name", "pk"))
    findings = inspection.findings.select_related("rectification", "checklist_item")
    whole = sees_whole_inspection(request.user, inspection)
    if not whole:
        findings = findings.filter(checklist_item__in=visible)
    return render(
        request,
        "pdca/inspection_detail.html",
        {
            "inspection": inspection,
            "items": items,
            "findings": findings,
            "results": CheckResult.choices,
            "can_record": can_record and inspection.status != "completed",
            "whole": whole,
            "scope_posts": inspection.posts.all() if inspection.is_planned else (),
            "scope_powers": inspection.powers.all() if inspection.is_planned else (),
            "evidence_form": EvidenceForm(inspection=inspection),
            "finding_form": FindingForm(inspection=inspection),
            "complete_form": CompleteForm(),
        },
    )


def _require_recorder(user, inspection) -> None:
    """Refuse before reading the form: a refusal is a 403 whatever was posted."""
    if not may_inspect(user, inspection):
        raise PermissionDenied(
            _("Only the assigned inspector or discipline staff above this unit record inspections.")
        )


def _save_results(request, inspection) -> None:
    valid = set(CheckResult.values)
    results = {}
    for key, value in request.POST.items():
        if key.startswith("result_") and key[7:].isdigit() and value in valid:
            pk = int(key[7:])
            results[pk] = (value, request.POST.get(f"notes_{pk}", "").strip())
    try:
        changed = services.checklist_record(inspection=inspection, results=results, by=request.user)
        messages.success(request, _("%(count)d checklist item(s) recorded.") % {"count": changed})
    except ValidationError as error:
        report_errors(request, error)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    inspection = selectors.get_inspection(user=request.user, pk=pk)
    _require_recorder(request.user, inspection)
    form = EvidenceForm(request.POST, request.FILES, inspection=inspection)
    if form.is_valid():
        try:
            stored = services.evidence_attach(
                item=form.cleaned_data["item"], uploads=form.cleaned_data["files"], by=request.user
            )
            messages.success(request, _("%(count)d file(s) attached.") % {"count": len(stored)})
        except ValidationError as error:
            report_errors(request, error)
    else:
        _form_errors(request, form)
    return redirect("pdca:inspection_detail", pk=inspection.pk)


@login_required
@require_POST
def finding_create(request, pk: int):
    inspection = selectors.get_inspection(user=request.user, pk=pk)
    _require_recorder(request.user, inspection)
    form = FindingForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            services.finding_record(inspection=inspection, by=request.user, **form.cleaned_data)
            messages.success(
                request, _("The finding was recorded and a rectification item opened.")
            )
        except ValidationError as error:
            report_errors(request, error)
    else:
        _form_errors(request, form)
    return redirect("pdca:inspection_detail", pk=inspection.pk)


@login_required
@require_POST
def inspection_complete(request, pk: int):
    inspection = selectors.get_inspection(user=request.user, pk=pk)
    _require_recorder(request.user, inspection)
    form = CompleteForm(request.POST)
    form.is_valid()
    try:
        services.inspection_complete(
            inspection=inspection, summary=form.cleaned_data.get("summary", ""), by=request.user
        )
        messages.success(request, _("The inspection is completed."))
    except ValidationError as error:
        report_errors(request, error)
    return redirect("pdca:inspection_detail", pk=inspection.pk)


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    return uploads.attachment(evidence.file, filename=evidence.original_name)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
