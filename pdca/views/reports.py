from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from pdca import selectors
from pdca.choices import Severity
from pdca.dashboard import cycle_units
from pdca.excel import sheet, workbook_response
from pdca.extra_tables import cycle_tables
from pdca.models import Inspection
from pdca.reports import annual_report, quarterly_report
from pdca.views.common import percent
from pdca.views.cycles import _mark_text, honours_text


def _quarterly(request, pk: int):
    draw = selectors.get_draw(user=request.user, pk=pk)
    inspections = Inspection.objects.visible_to(request.user).filter(draw=draw)
    return quarterly_report(draw, inspections)


@login_required
def quarterly_report_page(request, pk: int):
    return render(
        request,
        "pdca/quarterly_report.html",
        {"report": _quarterly(request, pk), "percent": percent},
    )


@login_required
def quarterly_report_xlsx(request, pk: int):
    report = _quarterly(request, pk)
    severities = [label for _value, label in Severity.choices]
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Inspector"),
        _("Status"),
        _("Measures on the checklist"),
        _("Measures checked"),
        _("Carried out"),
        _("Partly"),
        _("Not carried out"),
        _("Carried-out rate"),
        *severities,
        _("Rectification items"),
        _("Closed"),
        _("Closed on time"),
    ]
    rows = []
    for row in report.rows + [None]:
        inspection, t = (row.inspection, row.tally) if row else (None, report.total)
        rows.append(
            [
                inspection.unit.code if row else _("Total"),
                inspection.unit.name if row else "",
                (inspection.inspector.get_full_name() or inspection.inspector.username)
                if row and inspection.inspector
                else "",
                inspection.get_status_display() if row else "",
                t.total,
                t.checked,
                t.carried_out,
                t.partly,
                t.not_carried_out,
                percent(t.carried_out_rate),
                *[n for _label, n in t.findings_by_severity()],
                t.items,
                t.closed,
                t.closed_on_time,
            ]
        )
    return workbook_response(
        f"pdca-{report.draw.quarter}-report.xlsx", [sheet(report.draw.quarter, headers, rows)]
    )


def _annual(request, pk: int):
    cycle = selectors.get_cycle(user=request.user, pk=pk)
    return annual_report(cycle, list(cycle_units(cycle, request.user)))


@login_required
def annual_report_page(request, pk: int):
    report = _annual(request, pk)
    return render(
        request,
        "pdca/annual_report.html",
        {"report": report, "percent": percent, "extra_tables": _extra(report)},
    )


def _extra(report) -> list[dict]:
    return cycle_tables(report.cycle, [row.unit_row.unit for row in report.rows])


@login_required
def annual_report_xlsx(request, pk: int):
    report = _annual(request, pk)
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Risk list submitted"),
        _("Points approved"),
        _("Points"),
        _("Measures carried out"),
        _("Measures"),
        _("Self-examination report"),
        _("Appraisal grade"),
        _("Inspections"),
        _("Measures checked"),
        _("Carried-out rate"),
        _("Findings"),
        _("Rectification items"),
        _("Closed on time"),
        _("Open rectification items"),
        _("Honours"),
    ]
    rows = [
        [
            r.unit_row.unit.code,
            r.unit_row.unit.name,
            _mark_text(r.unit_row.submitted),
            r.unit_row.points_approved,
            r.unit_row.points_total,
            r.unit_row.measures_done,
            r.unit_row.measures_total,
            _mark_text(r.unit_row.self_examination),
            r.unit_row.grade,
            r.inspections,
            r.tally.checked,
            percent(r.tally.carried_out_rate),
            r.tally.findings_total,
            r.tally.items,
            r.tally.closed_on_time,
            r.unit_row.open_items,
            honours_text(r.unit_row.honours),
        ]
        for r in report.rows
    ]
    late = [i for i, r in enumerate(report.rows) if r.unit_row.late]
    return workbook_response(
        f"pdca-{report.cycle.year}-annual-report.xlsx",
        [sheet(str(report.cycle.year), headers, rows, late)]
        + [sheet(t["title"], t["headers"], t["rows"]) for t in _extra(report)],
    )
