"""The coverage report (覆盖情况): where a unit's power list lacks risk analysis.

Every figure is computed from the same conditions the power list filters by
(``selectors.gap_condition`` / ``level_condition``), so a figure and the list
it links to always agree.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from powers.choices import CoverageGap, PowerStatus
from powers.models import PowerCategory, PowerItem, PowerPost
from powers.selectors import gap_condition, level_condition
from registry.choices import RiskLevel, RiskPointStatus
from registry.models import Post, RiskPoint, Unit

LEVELS = [level.value for level in RiskLevel]


@dataclass
class CategoryRow:
    category: PowerCategory | None  # None: the totals row
    powers: int = 0
    with_steps: int = 0
    with_risks: int = 0
    by_level: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    def add(self, row: dict) -> None:
        self.powers += 1
        self.with_steps += not row["no_steps"]
        self.with_risks += not row["no_risk"]
        for level in LEVELS:
            self.by_level[level] += row[f"level_{level}"]

    @property
    def level_cells(self) -> list[tuple[int, int]]:
        return list(self.by_level.items())


@dataclass
class Coverage:
    unit: Unit
    powers: int
    gaps: dict[str, int]
    posts_without_risk: int
    posts_exercising: int
    rows: list[CategoryRow]
    totals: CategoryRow


def unit_coverage(unit: Unit) -> Coverage:
    """The report for one unit's powers in force: three queries whatever the list's size."""
    flags = {f"gap_{gap.value}": gap_condition(gap) for gap in CoverageGap}
    flags |= {f"level_{level}": level_condition(level) for level in LEVELS}
    rows = (
        PowerItem.objects.filter(unit=unit, status=PowerStatus.IN_FORCE)
        .annotate(**{name: _flag(condition) for name, condition in flags.items()})
        .values("category_id", *flags)
    )
    categories = {c.pk: CategoryRow(c) for c in PowerCategory.objects.all()}
    totals = CategoryRow(None)
    gaps = dict.fromkeys((gap.value for gap in CoverageGap), 0)
    for row in rows:
        row = {**row, "no_steps": row["gap_no_steps"], "no_risk": row["gap_no_risk"]}
        categories[row["category_id"]].add(row)
        totals.add(row)
        for gap in gaps:
            gaps[gap] += row[f"gap_{gap}"]
    exercising = posts_exercising(unit)
    return Coverage(
        unit=unit,
        powers=totals.powers,
        gaps=gaps,
        posts_without_risk=exercising.filter(without_risk_condition()).count(),
        posts_exercising=exercising.count(),
        rows=[row for row in categories.values() if row.powers],
        totals=totals,
    )


def _flag(condition: Q):
    return ExpressionWrapper(condition, output_field=BooleanField())


def posts_exercising(unit: Unit):
    """Posts of ``unit`` assigned to at least one of its powers in force."""
    assigned = PowerPost.objects.filter(
        post=OuterRef("pk"), power__unit=unit, power__status=PowerStatus.IN_FORCE
    )
    return Post.objects.filter(unit=unit).filter(Exists(assigned))


def without_risk_condition() -> Q:
    """A post with no live risk point of its own in the register."""
    live = RiskPoint.objects.filter(post=OuterRef("pk")).exclude(status=RiskPointStatus.RETIRED)
    return ~Exists(live)


def post_rows(unit: Unit, *, without_risk: bool):
    """The posts list the report links to, with how many powers and risk points each has."""
    posts = posts_exercising(unit)
    if without_risk:
        posts = posts.filter(without_risk_condition())
    return (
        posts.select_related("department")
        .annotate(
            power_count=Count(
                "power_assignments__power",
                filter=Q(power_assignments__power__status=PowerStatus.IN_FORCE),
                distinct=True,
            ),
            risk_count=Count(
                "risk_points", filter=~Q(risk_points__status=RiskPointStatus.RETIRED), distinct=True
            ),
        )
        .order_by("department__sort_order", "name")
    )
