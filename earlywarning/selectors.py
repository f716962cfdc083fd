"""Reads of the early-warning app, always scoped to the reader (see ``access``)."""

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from earlywarning import access
from earlywarning.choices import CaseStatus, ReportStatus, Step, Verification
from earlywarning.models import (
    DisposalCase,
    InformationOfficer,
    OfficerReport,
    WarningInfo,
)
from earlywarning.standing import colour_for, flagged_units, thresholds, unit_points
from registry.models import Unit


def warnings_for(user) -> QuerySet:
    return access.readable(WarningInfo.objects.all(), user).select_related(
        "unit", "person", "risk_point"
    )


def cases_for(user) -> QuerySet:
    return access.readable(DisposalCase.objects.all(), user).select_related(
        "unit", "person", "warning"
    )


def colour_counts(unit_ids, year: int) -> list[tuple[str, str, int]]:
    """(colour, label, how many units) for every colour, mildest first."""
    ordered = thresholds()
    counts = Counter()
    for points in unit_points(unit_ids, year).values():
        threshold = colour_for(points, ordered)
        if threshold:
            counts[threshold.colour] += 1
    return [(t.colour, t.get_colour_display(), counts[t.colour]) for t in reversed(ordered)]


def units_at_colour(unit_ids, year: int, colour: str) -> list[tuple[Unit, int]]:
    """The units whose deductions this year put them at ``colour``, most points first."""
    ordered = thresholds()
    points = {
        unit_id: total
        for unit_id, total in unit_points(unit_ids, year).items()
        if (threshold := colour_for(total, ordered)) and threshold.colour == colour
    }
    units = Unit.objects.filter(pk__in=points).order_by("path")
    return sorted(((unit, points[unit.pk]) for unit in units), key=lambda pair: -pair[1])


def step_counts(cases: QuerySet) -> list[tuple[int, str, int]]:
    found = dict(cases.filter(status=CaseStatus.OPEN).values_list("step").annotate(n=Count("id")))
    return [(value, label, found.get(value, 0)) for value, label in Step.choices]


def monthly_trend(warnings: QuerySet, *, until: datetime.date, months: int = 12) -> list[dict]:
    """Warning information received and verified per month, the last ``months`` months."""
    first = until.replace(day=1)
    for _ in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        warnings.filter(received_on__gte=first, received_on__lte=until)
        .annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(
            received=Count("id"),
            verified=Count("id", filter=Q(verification=Verification.VERIFIED)),
        )
    )
    found = {_as_date(month): (received, verified) for month, received, verified in rows}
    trend, month = [], first
    while month <= until:
        received, verified = found.get(month, (0, 0))
        trend.append({"month": month, "received": received, "verified": verified})
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return trend


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def dashboard(*, user, year: int, now: datetime.datetime, colour: str = "") -> dict:
    units = access.readable_units(user).values("pk")
    colours = colour_counts(units, year)
    chosen = next(((value, label) for value, label, _n in colours if value == colour), None)
    warnings = access.readable(WarningInfo.objects.all(), user)
    cases = access.readable(DisposalCase.objects.all(), user)
    today = timezone.localdate(now)
    return {
        "year": year,
        "colours": colours,
        "chosen_colour": chosen,
        "units_at_colour": units_at_colour(units, year, chosen[0]) if chosen else [],
        "steps": step_counts(cases),
        "overdue": list(
            cases.overdue(now).select_related("unit", "person", "warning").order_by("deadline")[:50]
        ),
        "overdue_count": cases.overdue(now).count(),
        "pending_count": warnings.filter(verification=Verification.PENDING).count(),
        "trend": monthly_trend(warnings, until=today),
        "flagged": flagged_units(units, year),
    }


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = (
        datetime.date(year + 1, 1, 1) if end_month == 12 else datetime.date(year, end_month + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def quarterly_analysis(*, user, year: int, quarter: int) -> list[dict]:
    """Per unit: officers, their reports by status, and warning information received and verified."""
    start, end = quarter_bounds(year, quarter)
    units = access.readable_units(user)
    officers = Counter(
        dict(
            InformationOfficer.objects.filter(unit__in=units, appointed_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .values_list("unit_id")
            .annotate(n=Count("id"))
        )
    )
    reports: dict[int, Counter] = {}
    for unit_id, status, n in (
        OfficerReport.objects.filter(officer__unit__in=units, period__range=(start, end))
        .values_list("officer__unit_id", "status")
        .annotate(n=Count("id"))
    ):
        reports.setdefault(unit_id, Counter())[status] += n
    received: dict[int, tuple[int, int]] = {
        unit_id: (n, verified)
        for unit_id, n, verified in WarningInfo.objects.filter(
            unit__in=units, received_on__range=(start, end)
        )
        .values_list("unit_id")
        .annotate(n=Count("id"), verified=Count("id", filter=Q(verification="verified")))
    }
    wanted = set(officers) | set(reports) | set(received)
    rows = []
    for unit in Unit.objects.filter(pk__in=wanted).order_by("path"):
        by_status = reports.get(unit.pk, Counter())
        rows.append(
            {
                "unit": unit,
                "officers": officers.get(unit.pk, 0),
                "on_time": by_status[ReportStatus.SUBMITTED],
                "late": by_status[ReportStatus.LATE],
                "missing": by_status[ReportStatus.MISSING],
                "received": received.get(unit.pk, (0, 0))[0],
                "verified": received.get(unit.pk, (0, 0))[1],
            }
        )
    return rows


def warnings_per_quarter(*, user, since: datetime.date) -> dict:
    """Warning information received per quarter from ``since``, and how much of it was
    verified: ``{quarter's first day: (received, verified)}`` in one grouped query."""
    rows = (
        warnings_for(user)
        .filter(received_on__gte=since)
        .annotate(quarter=TruncQuarter("received_on"))
        .values_list("quarter")
        .annotate(
            received=Count("id"),
            verified=Count("id", filter=Q(verification=Verification.VERIFIED)),
        )
    )
    return {_as_date(quarter): (received, verified) for quarter, received, verified in rows}
