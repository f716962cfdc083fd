"""Reads for this app's pages, always scoped through registry.scoping."""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from assessment.choices import MonitorBasis
from assessment.models import MonitorAssignment, PointGrading
from registry.choices import RiskLevel, RiskPointStatus
from registry.models import Department, Post, RiskPoint, Unit
from registry.scoping import visible_units

LEVELS = RiskLevel.values  # [1, 2, 3]


def register_points(user) -> QuerySet:
    """The user's visible points that count in maps: not retired, not draft revisions."""
    return (
        RiskPoint.objects.visible_to(user)
        .exclude(status=RiskPointStatus.RETIRED)
        .filter(revision_of__isnull=True)
    )


def _level_counts(prefix: str = "") -> dict:
    return {
        f"l{level}": Count(f"{prefix}pk", filter=Q(**{f"{prefix}level": level})) for level in LEVELS
    }


@dataclass
class HeatRow:
    label: str
    counts: list[int]
    obj: object = None

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def level(self) -> int | None:
        """The derived level: the highest (lowest number) level with any point."""
        return next((lvl for lvl, n in zip(LEVELS, self.counts, strict=True) if n), None)


@dataclass
class HeatMap:
    rows: list[HeatRow]
    totals: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.totals = [sum(row.counts[i] for row in self.rows) for i in range(len(LEVELS))]

    @property
    def peak(self) -> int:
        return max((n for row in self.rows for n in row.counts), default=0)


def unit_heat_map(*, user, unit: Unit) -> HeatMap:
    """Departments × levels for one unit (two queries); the leadership team is its own row."""
    counts = {
        row["department_id"]: row
        for row in register_points(user)
        .filter(unit=unit)
        .values("department_id")
        .annotate(**_level_counts())
    }
    rows = []
    leadership = counts.get(None)
    rows.append(HeatRow("", [leadership[f"l{lvl}"] if leadership else 0 for lvl in LEVELS]))
    for department in Department.objects.filter(unit=unit, is_active=True):
        found = counts.get(department.pk)
        rows.append(
            HeatRow(
                department.name, [found[f"l{lvl}"] if found else 0 for lvl in LEVELS], department
            )
        )
    return HeatMap(rows)


def post_levels(*, user, unit: Unit) -> list[Post]:
    """The unit's posts with ``derived_level`` (highest of their points) and ``point_count``."""
    points = register_points(user).filter(unit=unit)
    return list(
        Post.objects.filter(unit=unit, is_active=True)
        .annotate(
            derived_level=Min("risk_points__level", filter=Q(risk_points__in=points)),
            point_count=Count("risk_points", filter=Q(risk_points__in=points)),
        )
        .select_related("department")
        .order_by("department__sort_order", "department__name", "name")
    )


def year_param(params) -> int | None:
    """``?year=`` when it is a plausible year, else None (every year)."""
    value = params.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def get_visible_unit(*, user, pk: int) -> Unit:
    return get_object_or_404(visible_units(user), pk=pk)


def my_monitoring(*, user, level: int | None = None) -> QuerySet:
    rows = MonitorAssignment.objects.filter(user=user).exclude(
        point__status=RiskPointStatus.RETIRED
    )
    if level:
        rows = rows.filter(point__level=level)
    return rows.select_related(
        "point__unit", "point__department", "point__post", "point__grading"
    ).order_by("point__level", "point__unit__path", "point_id")


def monitoring_problems(*, user) -> list[dict]:
    """Vacant monitors among the user's visible points, grouped so each group is one fix."""
    groups = list(
        MonitorAssignment.objects.filter(user__isnull=True, point__in=register_points(user))
        .values("basis", "point__unit_id", "point__unit__name", "point__department__name")
        .annotate(count=Count("pk"), level1=Count("pk", filter=Q(point__level=1)))
        .order_by("point__unit__name", "point__department__name", "basis")
    )
    for group in groups:
        group["basis_label"] = MonitorBasis(group["basis"]).label
    return groups


def overridden_grades(*, user) -> QuerySet:
    return (
        PointGrading.objects.filter(
            override_level__isnull=False, point__in=RiskPoint.objects.visible_to(user)
        )
        .select_related(
            "point__unit", "point__department", "point__post", "overridden_by", "grading_model"
        )
        .order_by("-overridden_at")
    )
