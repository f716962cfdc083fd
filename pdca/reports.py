"""The quarterly sampling report and the annual evaluation report (Check stage).

Both are read as grouped queries, so a report costs the same for 10 units or 2,000.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from pdca.choices import CheckResult, RectificationStatus, Severity
from pdca.dashboard import UnitRow, dashboard_rows
from pdca.models import ChecklistItem, Cycle, Finding, Inspection, RectificationItem, SamplingDraw


@dataclass
class Tally:
    """Checklist results and rectification outcomes for a set of inspections."""

    checked: int = 0
    total: int = 0
    carried_out: int = 0
    partly: int = 0
    not_carried_out: int = 0
    findings: dict = field(default_factory=dict)
    items: int = 0
    closed: int = 0
    closed_on_time: int = 0

    @property
    def carried_out_rate(self) -> float | None:
        return self.carried_out / self.checked if self.checked else None

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.items if self.items else None

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())

    def findings_by_severity(self) -> list[tuple[str, int]]:
        return [(label, self.findings.get(value, 0)) for value, label in Severity.choices]


@dataclass
class InspectionRow:
    inspection: Inspection
    tally: Tally


def _tallies(inspections) -> dict[int, Tally]:
    """{inspection id: Tally} in three grouped queries."""
    tallies: dict[int, Tally] = {}
    results = (
        ChecklistItem.objects.filter(inspection__in=inspections)
        .values_list("inspection_id", "result")
        .annotate(n=Count("pk"))
    )
    for inspection_id, result, n in results:
        tally = tallies.setdefault(inspection_id, Tally())
        tally.total += n
        if result != CheckResult.PENDING:
            tally.checked += n
            setattr(tally, result, getattr(tally, result) + n)
    findings = (
        Finding.objects.filter(inspection__in=inspections)
        .values_list("inspection_id", "severity")
        .annotate(n=Count("pk"))
    )
    for inspection_id, severity, n in findings:
        tallies.setdefault(inspection_id, Tally()).findings[severity] = n
    items = (
        RectificationItem.objects.filter(finding__inspection__in=inspections)
        .values_list("finding__inspection_id")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=RectificationStatus.CLOSED)),
            on_time=Count(
                "pk",
                filter=Q(status=RectificationStatus.CLOSED, closed_at__date__lte=F("deadline")),
            ),
        )
    )
    for inspection_id, total, closed, on_time in items:
        tally = tallies.setdefault(inspection_id, Tally())
        tally.items, tally.closed, tally.closed_on_time = total, closed, on_time
    return tallies


def _sum(tallies) -> Tally:
    total = Tally()
    for t in tallies:
        for name in (
            "checked",
            "total",
            "carried_out",
            "partly",
            "not_carried_out",
            "items",
            "closed",
            "closed_on_time",
        ):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        for severity, n in t.findings.items():
            total.findings[severity] = total.findings.get(severity, 0) + n
    return total


@dataclass
class QuarterlyReport:
    draw: SamplingDraw
    rows: list[InspectionRow]
    total: Tally
    candidates: int


def quarterly_report(draw: SamplingDraw, inspections) -> QuarterlyReport:
    """``inspections``: the draw's inspections the reader may see."""
    inspections = list(inspections.select_related("unit", "inspector").order_by("unit__path"))
    tallies = _tallies(inspections)
    rows = [InspectionRow(i, tallies.get(i.pk, Tally())) for i in inspections]
    return QuarterlyReport(draw, rows, _sum(r.tally for r in rows), len(draw.candidates))


@dataclass
class AnnualRow:
    unit_row: UnitRow
    inspections: int
    tally: Tally


@dataclass
class AnnualReport:
    cycle: Cycle
    rows: list[AnnualRow]
    total: Tally
    draws: list[SamplingDraw]
    today: datetime.date

    @property
    def late_units(self) -> int:
        return sum(1 for r in self.rows if r.unit_row.late)

    @property
    def ineligible_units(self) -> int:
        """Units that may not be put forward for 评先评优 this year (unqualified or vetoed)."""
        return sum(1 for r in self.rows if r.unit_row.honours and not r.unit_row.honours.eligible)


def annual_report(cycle: Cycle, units: list, today: datetime.date | None = None) -> AnnualReport:
    """Per unit: the dashboard's figures plus the year's inspections and rectification."""
    today = today or timezone.localdate()
    unit_rows = dashboard_rows(cycle, units, today)
    inspections = list(
        Inspection.objects.filter(
            draw__district=cycle.district,
            draw__quarter__startswith=str(cycle.year),
            unit__in=[u.pk for u in units],
        ).values_list("pk", "unit_id")
    )
    tallies = _tallies([pk for pk, _unit in inspections])
    per_unit: dict[int, list[Tally]] = {}
    for pk, unit_id in inspections:
        per_unit.setdefault(unit_id, []).append(tallies.get(pk, Tally()))
    rows = [
        AnnualRow(r, len(per_unit.get(r.unit.pk, [])), _sum(per_unit.get(r.unit.pk, [])))
        for r in unit_rows
    ]
    draws = list(
        SamplingDraw.objects.filter(district=cycle.district, quarter__startswith=str(cycle.year))
    )
    return AnnualReport(cycle, rows, _sum(r.tally for r in rows), draws, today)
