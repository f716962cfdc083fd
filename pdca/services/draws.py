"""The quarterly draw and the inspection tasks it creates."""

import secrets
from collections import defaultdict
from itertools import cycle as round_robin

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from pdca import conf
from pdca.choices import RectificationSource
from pdca.models import ChecklistItem, Cycle, FindingSource, Inspection, SamplingDraw
from pdca.sampling import Quarter, choose, quota, sample_level3
from registry.choices import RiskPointStatus, UnitKind
from registry.models import Measure, RiskPoint, Unit
from registry.notifications import notify
from registry.scoping import discipline_staff_within


def districts() -> list[Unit]:
    """The roots of the unit tree: each district or company runs its own draw."""
    return list(Unit.objects.filter(parent__isnull=True, is_active=True))


def candidate_units(district: Unit):
    """Active units under the district, the district itself excluded."""
    return (
        Unit.objects.filter(path__startswith=district.path, is_active=True)
        .exclude(kind=UnitKind.DISTRICT)
        .order_by("path", "pk")
    )


def draw_for_quarter(
    *, district: Unit, quarter: Quarter, by=None, seed: int | None = None
) -> tuple[SamplingDraw, bool]:
    """The district's draw for the quarter, made now if there is none: (draw, created).

    Two workers may get here at once. Both compute a draw, but the insert of
    the second waits on the unique (district, quarter) index until the first
    commits, then fails; it rolls back and returns the first one's draw.
    """
    existing = SamplingDraw.objects.filter(district=district, quarter=str(quarter)).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            draw = _make_draw(district=district, quarter=quarter, by=by, seed=seed)
    except IntegrityError:
        return SamplingDraw.objects.get(district=district, quarter=str(quarter)), False
    return draw, True


def _make_draw(*, district: Unit, quarter: Quarter, by, seed: int | None) -> SamplingDraw:
    weighted, percent = conf.sampling_weighted(), conf.sampling_percent()
    units = list(candidate_units(district).values_list("pk", flat=True))
    weights = _level_one_counts(units) if weighted else {}
    candidates = [[pk, 1 + weights.get(pk, 0)] for pk in units]
    before = SamplingDraw.objects.filter(district=district, quarter=str(quarter.previous()))
    previous = before.values_list("selected", flat=True).first() or []
    seed = secrets.randbits(62) if seed is None else seed
    draw = SamplingDraw.objects.create(
        district=district,
        quarter=str(quarter),
        cycle=Cycle.objects.filter(district=district, year=quarter.year).first(),
        percent=percent,
        weighted=weighted,
        level3_percent=conf.level3_percent(),
        seed=seed,
        candidates=candidates,
        previous_units=previous,
        selected=choose(
            seed=seed,
            candidates=candidates,
            previous=previous,
            size=quota(len(candidates), percent),
        ),
        drawn_by=by,
    )
    inspections = _create_inspections(draw, by)
    _build_checklists(draw, inspections, by)
    _notify_inspectors(draw, inspections)
    return draw


def replay(draw: SamplingDraw) -> list[int]:
    """Run the stored draw again: the same seed and candidates give the same units."""
    size = quota(len(draw.candidates), draw.percent)
    return choose(
        seed=draw.seed, candidates=draw.candidates, previous=draw.previous_units, size=size
    )


def _level_one_counts(unit_ids: list[int]) -> dict[int, int]:
    rows = (
        RiskPoint.objects.filter(unit_id__in=unit_ids, level=1, status=RiskPointStatus.ACTIVE)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _create_inspections(draw: SamplingDraw, by) -> list[Inspection]:
    units = Unit.objects.in_bulk(draw.selected)
    assign = _inspector_picker(district=draw.district)
    source = FindingSource.objects.get(code=RectificationSource.INSPECTION)
    inspections = [
        Inspection(draw=draw, source=source, unit_id=pk, inspector_id=assign(units[pk]))
        for pk in draw.selected
    ]
    return bulk_create_with_history(inspections, Inspection, default_user=by, batch_size=1000)


def _inspector_picker(*, district: Unit):
    """Discipline staff holding the inspector role on the nearest unit above each drawn
    unit, taken in turn so the work is spread among them."""
    holders: dict[str, list[int]] = defaultdict(list)
    for path, user_id in discipline_staff_within(district):
        holders[path].append(user_id)
    turns = {path: round_robin(users) for path, users in holders.items()}

    def pick(unit: Unit) -> int | None:
        above = [p for p in turns if unit.path.startswith(p) and p != unit.path]
        return next(turns[max(above, key=len)]) if above else None

    return pick


def _build_checklists(draw: SamplingDraw, inspections: list[Inspection], by) -> None:
    """All level-1 and level-2 measures of each unit's points in effect, plus a seeded
    sample of its level-3 measures."""
    by_unit = {i.unit_id: i for i in inspections}
    rows = (
        Measure.objects.filter(
            risk_point__unit_id__in=by_unit, risk_point__status=RiskPointStatus.ACTIVE
        )
        .order_by("risk_point__unit_id", "risk_point__level", "risk_point_id", "sort_order", "pk")
        .values_list(
            "pk",
            "text",
            "risk_point_id",
            "risk_point__unit_id",
            "risk_point__level",
            "risk_point__name",
        )
    )
    rows = list(rows)
    level3: dict[int, list[int]] = defaultdict(list)
    for pk, _text, _point, unit_id, level, _name in rows:
        if level == 3:
            level3[unit_id].append(pk)
    sampled = set()
    for unit_id, ids in level3.items():
        sampled |= sample_level3(
            seed=draw.seed, unit_id=unit_id, measure_ids=ids, percent=draw.level3_percent
        )
    checklist_create(
        [row for row in rows if row[4] < 3 or row[0] in sampled], by_unit=by_unit, by=by
    )


def checklist_create(rows, *, by_unit: dict, by) -> None:
    """The checklist items of ``rows`` (measure, text, point, unit, level, point name), each
    under its unit's inspection; point and measure are copied as they read today."""
    items = [
        ChecklistItem(
            inspection=by_unit[unit_id],
            measure_id=pk,
            risk_point_id=point_id,
            level=level,
            point_name=name,
            measure_text=text,
        )
        for pk, text, point_id, unit_id, level, name in rows
    ]
    bulk_create_with_history(items, ChecklistItem, default_user=by, batch_size=2000)


def _notify_inspectors(draw: SamplingDraw, inspections: list[Inspection]) -> None:
    counts: dict[int, int] = defaultdict(int)
    for inspection in inspections:
        if inspection.inspector_id:
            counts[inspection.inspector_id] += 1
    url = reverse("pdca:draw_detail", args=[draw.pk])
    # One message per number of tasks, so inspectors with the same load share a sending.
    by_count: dict[int, list] = defaultdict(list)
    for user_id, count in counts.items():
        by_count[count].append(_UserRef(user_id))
    for count, recipients in by_count.items():
        notify(
            recipients=recipients,
            title=_("%(quarter)s sampling: %(count)d unit(s) to inspect")
            % {"quarter": draw.quarter, "count": count},
            body=_("Work through each unit's checklist and record findings."),
            url=url,
        )


class _UserRef:
    """Just the primary key, which is all ``notify`` reads: no query per inspector."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
