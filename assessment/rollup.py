"""The district's pictures of its points: the likelihood × harm matrix of the points
actually graded, and the roll-up of levels per unit. Reads only, scoped to the user,
each in a fixed number of grouped queries.

Both count what the register lists with ``?current=1`` (no retired points, no pending
revisions), so every figure links to a register page showing the same number.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessment.choices import Band
from assessment.models import GradingModel, MatrixCell
from assessment.selectors import LEVELS, register_points
from registry.choices import UnitKind
from registry.models import Unit
from registry.scoping import visible_units

BANDS = Band.values  # [1, 2, 3], low to high


def grading_filters() -> dict:
    """The register's ``?likelihood=`` and ``?harm=`` filters (registered in ready())."""
    return {
        "likelihood": lambda: django_filters.ChoiceFilter(
            label=_("Likelihood"), choices=Band.choices, field_name="grading__likelihood_band"
        ),
        "harm": lambda: django_filters.ChoiceFilter(
            label=_("Harm"), choices=Band.choices, field_name="grading__harm_band"
        ),
        "ungraded": lambda: django_filters.BooleanFilter(
            label=_("Not graded from factors"), field_name="grading", lookup_expr="isnull"
        ),
    }


def register_url(**params) -> str:
    """The register list filtered to what a figure counts."""
    query = {"current": "on", **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{reverse('registry:riskpoint_list')}?{urlencode(query)}"


@dataclass
class MatrixCellCount:
    likelihood: int
    harm: int
    level: int | None
    count: int
    url: str


@dataclass
class PointMatrix:
    """Rows from high likelihood down; columns from low harm up (as on the grading page)."""

    rows: list[tuple[int, list[MatrixCellCount]]]
    ungraded: int
    ungraded_url: str

    @property
    def graded(self) -> int:
        return sum(cell.count for _band, cells in self.rows for cell in cells)


def point_matrix(*, user, unit: Unit | None = None, year: int | None = None) -> PointMatrix:
    """Counts of the user's current points per likelihood × harm cell (three queries)."""
    points = register_points(user)
    if unit is not None:
        points = points.filter(unit__path__startswith=unit.path)
    if year:
        points = points.filter(year=year)
    counts = {
        (row["grading__likelihood_band"], row["grading__harm_band"]): row["n"]
        for row in points.filter(grading__isnull=False)
        .values("grading__likelihood_band", "grading__harm_band")
        .annotate(n=Count("pk"))
    }
    ungraded = points.filter(grading__isnull=True).count()
    levels = dict(
        ((cell.likelihood, cell.harm), cell.level)
        for cell in MatrixCell.objects.filter(
            grading_model__in=GradingModel.objects.filter(is_current=True)
        )
    )
    base = {"unit": unit.pk if unit else None, "year": year}
    rows = [
        (
            likelihood,
            [
                MatrixCellCount(
                    likelihood,
                    harm,
                    levels.get((likelihood, harm)),
                    counts.get((likelihood, harm), 0),
                    register_url(**base, likelihood=likelihood, harm=harm),
                )
                for harm in BANDS
            ],
        )
        for likelihood in reversed(BANDS)
    ]
    return PointMatrix(rows, ungraded, register_url(**base, ungraded="true"))


@dataclass
class RollupRow:
    unit: Unit | None
    counts: list[int]
    urls: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def shares(self) -> list[float]:
        """Each level's share of the unit's points (0–1); zeros for a unit without points."""
        return [n / self.total if self.total else 0.0 for n in self.counts]

    @property
    def segments(self) -> list[dict]:
        """The stacked bar: each level's share with its start, in percent."""
        start, parts = 0.0, []
        for level, share, count in zip(LEVELS, self.shares, self.counts, strict=True):
            parts.append({"level": level, "start": start * 100, "width": share * 100, "n": count})
            start += share
        return parts


@dataclass
class Rollup:
    rows: list[RollupRow]
    district: RollupRow


def level_rollup(*, user, year: int | None = None) -> Rollup:
    """Counts and shares per level for each unit the user sees, sub-units included (as the
    register's unit filter includes them), and for everything together (two queries).
    Units with the largest share of level-1 points come first."""
    points = register_points(user)
    if year:
        points = points.filter(year=year)
    own = {
        row["unit__path"]: [row[f"l{level}"] for level in LEVELS]
        for row in points.values("unit__path").annotate(
            **{f"l{level}": Count("pk", filter=Q(level=level)) for level in LEVELS}
        )
    }
    units = visible_units(user).exclude(kind=UnitKind.DISTRICT).order_by("path")
    rows = []
    for unit in units:
        counts = [0] * len(LEVELS)
        for path, found in own.items():
            if path.startswith(unit.path):
                counts = [a + b for a, b in zip(counts, found, strict=True)]
        if any(counts):
            urls = [register_url(unit=unit.pk, year=year, level=level) for level in LEVELS]
            rows.append(RollupRow(unit, counts, urls))
    rows.sort(key=lambda row: [-share for share in row.shares])
    totals = [sum(found[i] for found in own.values()) for i in range(len(LEVELS))]
    district = RollupRow(None, totals, [register_url(year=year, level=lvl) for lvl in LEVELS])
    return Rollup(rows, district)
