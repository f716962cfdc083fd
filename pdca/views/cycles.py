from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdca import selectors
from pdca.access import may_manage_cycle
from pdca.choices import InspectionStatus, ReviewDecision
from pdca.dashboard import cycle_units, dashboard_rows, phase_in_force
from pdca.excel import sheet, workbook_response
from pdca.extra_tables import cycle_tables
from pdca.forms import CycleCreateForm, ReviewForm, UnitDeadlineForm
from pdca.models import CarriedPoint, Cycle, Inspection, RectificationItem
from pdca.services import cycles as services
from pdca.timeline import cycle_timeline
from pdca.views.common import report_errors
from registry.models import Unit
from registry.roles import MANAGE
from registry.scoping import scope_for, visible_units


@login_required
def index(request):
    """The cycles the user can see, with the current phase, and the user's own work."""
    today = timezone.localdate()
    cycles = list(
        Cycle.objects.visible_to(request.user).select_related("district").prefetch_related("phases")
    )
    for cycle in cycles:
        cycle.current_phase = cycle.phase_on(today)
    return render(
        request,
        "pdca/index.html",
        {
            "cycles": cycles,
            "districts": _managed_districts(request.user),
            "form": CycleCreateForm(initial={"year": today.year}),
            "my_inspections": Inspection.objects.filter(inspector=request.user)
            .exclude(status=InspectionStatus.COMPLETED)
            .select_related("unit", "draw"),
            "my_items": RectificationItem.objects.filter(owner=request.user)
            .unfinished()
            .select_related("unit"),
            "today": today,
        },
    )


def _managed_districts(user) -> list[Unit]:
    return [
        d
        for d in Unit.objects.filter(parent__isnull=True)
        if scope_for(user).covers_unit(d, MANAGE)
    ]


@login_required
@require_POST
def cycle_create(request):
    district = get_object_or_404(Unit, pk=request.POST.get("district"), parent__isnull=True)
    if not scope_for(request.user).covers_unit(district, MANAGE):
        raise PermissionDenied(_("Only administrators of the district start a cycle."))
    form = CycleCreateForm(request.POST)
    if not form.is_valid():
        report_errors(request, ValidationError(list(form.errors["year"])))
        return redirect("pdca:index")
    try:
        cycle = services.cycle_create(
            district=district, year=form.cleaned_data["year"], by=request.user
        )
    except ValidationError as error:
        report_errors(request, error)
        return redirect("pdca:index")
    return redirect("pdca:cycle_dashboard", pk=cycle.pk)


@login_required
def cycle_dashboard(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    today = timezone.localdate()
    # Phases and deadlines once for the page: the calendar, the marks and the strip share them.
    prefetch_related_objects([cycle], "phases", "deadlines")
    units = cycle_units(cycle, request.user)
    if request.GET.get("late"):
        rows = [r for r in dashboard_rows(cycle, list(units), today) if r.late]
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
    else:
        page = Paginator(units, 100).get_page(request.GET.get("page"))
        page.object_list = dashboard_rows(cycle, list(page.object_list), today)
    manages = may_manage_cycle(request.user, cycle)
    phases, deadlines = list(cycle.phases.all()), list(cycle.deadlines.all())
    in_force = phase_in_force(cycle, today)
    return render(
        request,
        "pdca/cycle_dashboard.html",
        {
            "cycle": cycle,
            "phases": phases,
            "current_phase": cycle.phase_on(today),
            "phase_in_force": in_force,
            "in_force_milestones": {
                d.milestone for d in deadlines if in_force and d.phase_id == in_force.pk
            },
            "timeline": cycle_timeline(phases, deadlines, today, in_force),
            "deadlines": deadlines,
            "page": page,
            "only_late": bool(request.GET.get("late")),
            "unreviewed": CarriedPoint.objects.filter(cycle=cycle, decision=ReviewDecision.PENDING)
            .filter(risk_point__unit__in=visible_units(request.user))
            .count(),
            "carried_items": cycle.carried_items.count(),
            "manages": manages,
            "deadline_form": UnitDeadlineForm(cycle=cycle, units=units) if manages else None,
            "can_roll_over": manages and not Cycle.objects.filter(previous=cycle).exists(),
            "today": today,
            "extra_tables": cycle_tables(cycle, [row.unit for row in page.object_list]),
        },
    )


def honours_text(honours) -> str:
    """评先评优 in an export cell: eligible or not, and why not."""
    if honours is None or honours.eligible:
        return _("Eligible for honours")
    return f"{_('Not eligible for honours')}：{honours.reason}"


def _mark_text(mark) -> str:
    if mark is None or mark.state == "open" and not mark.done_at:
        return ""
    day = timezone.localdate(mark.done_at).isoformat() if mark.done_at else ""
    labels = {"on_time": _("on time"), "late": _("late"), "missing": _("missing"), "done": ""}
    return f"{day} {labels.get(mark.state, '')}".strip()


@login_required
def cycle_export(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    rows = dashboard_rows(cycle, list(cycle_units(cycle, request.user)))
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Risk list submitted"),
        _("Points approved"),
        _("Points"),
        _("Approval"),
        _("Measures carried out"),
        _("Measures"),
        _("Self-examination report"),
        _("Appraisal grade"),
        _("Unreviewed carried-over points"),
        _("Open rectification items"),
        _("Overdue rectification items"),
        _("Honours"),
    ]
    data = [
        [
            r.unit.code,
            r.unit.name,
            _mark_text(r.submitted),
            r.points_approved,
            r.points_total,
            _mark_text(r.approved),
            r.measures_done,
            r.measures_total,
            _mark_text(r.self_examination),
            r.grade,
            r.unreviewed,
            r.open_items,
            r.overdue_items,
            honours_text(r.honours),
        ]
        for r in rows
    ]
    late = [i for i, r in enumerate(rows) if r.late]
    return workbook_response(
        f"pdca-{cycle.year}-dashboard.xlsx", [sheet(str(cycle.year), headers, data, late)]
    )


@login_required
@require_POST
def cycle_rollover(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    try:
        new = services.cycle_roll_over(cycle=cycle, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("pdca:cycle_dashboard", pk=cycle.pk)
    messages.success(
        request,
        _("The %(year)d cycle has started: %(points)d points in effect wait for review.")
        % {"year": new.year, "points": new.carried_points.count()},
    )
    return redirect("pdca:carried_points", pk=new.pk)


@login_required
def carried_points(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("points") if i.isdigit()]
        if not ids:
            messages.error(request, _("Choose at least one risk point."))
        elif form.is_valid():
            try:
                count = services.carried_points_review(
                    cycle=cycle,
                    carried_ids=ids,
                    decision=form.cleaned_data["decision"],
                    by=request.user,
                )
                messages.success(request, _("%(count)d point(s) reviewed.") % {"count": count})
            except ValidationError as error:
                report_errors(request, error)
        return redirect(request.get_full_path())
    rows = CarriedPoint.objects.filter(
        cycle=cycle, risk_point__unit__in=visible_units(request.user)
    ).select_related("risk_point__unit", "risk_point__department", "decided_by")
    if unit := request.GET.get("unit", ""):
        rows = rows.filter(risk_point__unit_id=unit) if unit.isdigit() else rows.none()
    decision = request.GET.get("decision", ReviewDecision.PENDING)
    if decision in ReviewDecision.values:
        rows = rows.filter(decision=decision)
    return render(
        request,
        "pdca/carried_points.html",
        {
            "cycle": cycle,
            "page": Paginator(rows, 100).get_page(request.GET.get("page")),
            "decision": decision,
            "decisions": ReviewDecision.choices,
            "form": ReviewForm(),
            "unreviewed": CarriedPoint.objects.filter(
                cycle=cycle,
                decision=ReviewDecision.PENDING,
                risk_point__unit__in=visible_units(request.user),
            ).count(),
        },
    )


@login_required
@require_POST
def unit_deadline(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    if not may_manage_cycle(request.user, cycle):
        raise PermissionDenied(_("Only administrators of the district change deadlines."))
    form = UnitDeadlineForm(request.POST, cycle=cycle, units=cycle_units(cycle, request.user))
    if form.is_valid():
        try:
            services.unit_deadline_set(**form.cleaned_data, by=request.user)
            messages.success(request, _("The unit's deadline was saved."))
        except ValidationError as error:
            report_errors(request, error)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("pdca:cycle_dashboard", pk=cycle.pk)
