"""Where a unit or person stands in a year: points deducted, colour, accountability."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from earlywarning.choices import Verification
from earlywarning.models import FULL_SCORE, ColourThreshold, Deduction, WarningInfo
from registry.models import Person, PostTenure, Unit

ACCOUNTABLE_AFTER_WARNINGS = 2


@dataclass
class Standing:
    points: int
    threshold: ColourThreshold | None

    @property
    def remaining(self) -> int:
        return max(FULL_SCORE - self.points, 0)

    @property
    def colour(self) -> str:
        return self.threshold.colour if self.threshold else ""

    @property
    def colour_label(self) -> str:
        return self.threshold.get_colour_display() if self.threshold else ""

    @property
    def handling(self) -> str:
        return self.threshold.handling if self.threshold else ""


@dataclass
class Accountability:
    """A flag for accountability (追责): warned twice or more in the year, or a major case."""

    warnings: int
    major: bool
    leaders: list[tuple[Person, str]] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.warnings >= ACCOUNTABLE_AFTER_WARNINGS or self.major


def thresholds() -> list[ColourThreshold]:
    """Highest first, so the first one reached is the colour."""
    return list(ColourThreshold.objects.order_by("-min_points"))


def colour_for(points: int, ordered: list[ColourThreshold]) -> ColourThreshold | None:
    return next((t for t in ordered if points >= t.min_points), None)


def unit_points(unit_ids, year: int) -> dict[int, int]:
    rows = (
        Deduction.objects.filter(unit_id__in=unit_ids, person__isnull=True, year=year)
        .values_list("unit_id")
        .annotate(total=Sum("points"))
    )
    return dict(rows)


def person_points(person_ids, year: int) -> dict[int, int]:
    rows = (
        Deduction.objects.filter(person_id__in=person_ids, year=year)
        .values_list("person_id")
        .annotate(total=Sum("points"))
    )
    return dict(rows)


def unit_standing(unit: Unit, year: int) -> Standing:
    points = unit_points([unit.pk], year).get(unit.pk, 0)
    return Standing(points, colour_for(points, thresholds()))


def person_standing(person: Person, year: int) -> Standing:
    points = person_points([person.pk], year).get(person.pk, 0)
    return Standing(points, colour_for(points, thresholds()))


def _warned(condition: Q, year: int) -> tuple[int, bool]:
    found = WarningInfo.objects.filter(
        condition, verification=Verification.VERIFIED, received_on__year=year
    ).aggregate(n=Count("id"), major=Count("id", filter=Q(is_major=True)))
    return found["n"], bool(found["major"])


def leaders_of(unit_ids) -> dict[int, list[tuple[Person, str]]]:
    """Current holders of each unit's leadership posts (posts without a department)."""
    tenures = (
        PostTenure.objects.current()
        .filter(post__unit_id__in=unit_ids, post__department__isnull=True)
        .select_related("person", "post")
        .order_by("post__name", "person__name")
    )
    found: dict[int, list] = {}
    for tenure in tenures:
        found.setdefault(tenure.post.unit_id, []).append((tenure.person, tenure.post.name))
    return found


def unit_accountability(unit: Unit, year: int) -> Accountability:
    warnings, major = _warned(Q(unit=unit), year)
    flag = Accountability(warnings, major)
    if flag.flagged:
        flag.leaders = leaders_of([unit.pk]).get(unit.pk, [])
    return flag


def person_accountability(person: Person, year: int) -> Accountability:
    """The person answers directly; their unit's leaders answer for them."""
    warnings, major = _warned(Q(person=person), year)
    flag = Accountability(warnings, major)
    if flag.flagged:
        leaders = leaders_of([person.unit_id]).get(person.unit_id, [])
        flag.leaders = [(person, person.title or "")] + [
            entry for entry in leaders if entry[0].pk != person.pk
        ]
    return flag


def flagged_units(unit_ids, year: int) -> list[tuple[Unit, Accountability]]:
    """Every flagged unit among ``unit_ids``, with its leaders, in three queries."""
    rows = (
        WarningInfo.objects.filter(
            unit_id__in=unit_ids, verification=Verification.VERIFIED, received_on__year=year
        )
        .values_list("unit_id")
        .annotate(n=Count("id"), major=Count("id", filter=Q(is_major=True)))
    )
    flags = {
        unit_id: Accountability(n, bool(major))
        for unit_id, n, major in rows
        if n >= ACCOUNTABLE_AFTER_WARNINGS or major
    }
    leaders = leaders_of(list(flags))
    units = Unit.objects.in_bulk(list(flags))
    result = []
    for unit_id, flag in flags.items():
        flag.leaders = leaders.get(unit_id, [])
        result.append((units[unit_id], flag))
    return sorted(result, key=lambda pair: pair[0].path)
