"""The cycle dashboard: where each unit stands against the cycle's deadlines.

A fixed number of queries for any number of units: each figure is one
grouped query over the page's units, joined up in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from assessment.models import HonoursEligibility
from pdca.appraisals import appraisal_facts, not_appraised
from pdca.choices import Milestone, ReviewDecision
from pdca.models import CarriedPoint, Cycle, RectificationItem, UnitDeadline
from pdca.models.rectification import UNFINISHED
from registry.choices import MeasureStatus, RiskPointStatus, UnitKind
from registry.models import Measure, RiskList, RiskPoint, SignOff, SignOffAction, Unit
from registry.scoping import visible_units

APPROVED = (RiskPointStatus.ON_NOTICE, RiskPointStatus.ACTIVE)


@dataclass
class Mark:
    """A unit against one deadline: when it was done (if at all) and when it was due."""

    done_at: datetime.datetime | None
    due_on: datetime.date | None
    today: datetime.date
    # Whether the deadline belongs to the phase in force today: only those count as late
    # now; a miss in an earlier phase is history, shown but not raised.
    in_phase: bool = True

    @property
    def state(self) -> str:
        done = timezone.localdate(self.done_at) if self.done_at else None
        if self.due_on is None:
            return "done" if done else "open"
        if done:
            return "on_time" if done <= self.due_on else "late"
        return "missing" if self.today > self.due_on else "open"

    @property
    def late(self) -> bool:
        return self.in_phase and self.state in {"late", "missing"}

    @property
    def missed_earlier(self) -> bool:
        return not self.in_phase and self.state in {"late", "missing"}


@dataclass
class UnitRow:
    unit: Unit
    risk_list_id: int | None = None
    submitted: Mark | None = None
    approved: Mark | None = None
    points_total: int = 0
    points_approved: int = 0
    measures_total: int = 0
    measures_done: int = 0
    self_examination: Mark | None = None
    appraisal_id: int | None = None
    grade: str = ""
    vetoed: bool = False
    honours: HonoursEligibility | None = None  # may the unit be put forward for 评先评优
    unreviewed: int = 0
    open_items: int = 0
    overdue_items: int = 0
    marks: list = field(default_factory=list)

    @property
    def late(self) -> bool:
        return any(m.late for m in (self.submitted, self.approved, self.self_examination) if m)

    @property
    def measures_rate(self) -> float | None:
        return self.measures_done / self.measures_total if self.measures_total else None


def cycle_units(cycle: Cycle, user):
    """The cycle's units the user may see: active units of the district, the district excluded."""
    return (
        visible_units(user)
        .filter(path__startswith=cycle.district.path, is_active=True)
        .exclude(kind=UnitKind.DISTRICT)
        .order_by("path")
    )


def phase_in_force(cycle: Cycle, today: datetime.date):
    """The phase running today or, between phases and after the last, the one that ended
    last: its deadlines are the ones a unit can still be late for now."""
    phases = list(cycle.phases.all())
    running = [p for p in phases if p.starts_on <= today <= p.ends_on]
    past = [p for p in phases if p.ends_on < today]
    if running:
        return running[0]
    return max(past, key=lambda p: p.ends_on) if past else None


def dashboard_rows(
    cycle: Cycle, units: list[Unit], today: datetime.date | None = None
) -> list[UnitRow]:
    today = today or timezone.localdate()
    ids = [u.pk for u in units]
    due = _due_dates(cycle, ids)
    phase = phase_in_force(cycle, today)
    current = {
        d.milestone
        for d in cycle.deadlines.all()  # served from a prefetch when the caller made one
        if phase is not None and d.phase_id == phase.pk and d.milestone != Milestone.OTHER
    }
    submitted, approved = _sign_off_dates(cycle, ids)
    points = _point_counts(cycle, ids)
    measures = _measure_counts(ids)
    appraisals = appraisal_facts(cycle.year, ids)
    lists = dict(
        RiskList.objects.filter(year=cycle.year, unit_id__in=ids).values_list("unit_id", "pk")
    )
    unreviewed = dict(
        CarriedPoint.objects.filter(
            cycle=cycle, risk_point__unit_id__in=ids, decision=ReviewDecision.PENDING
        )
        .values_list("risk_point__unit_id")
        .annotate(n=Count("pk"))
    )
    items = _item_counts(ids, today)
    rows = []
    for unit in units:
        unit_due = due.get(unit.pk, {})
        appraisal = appraisals.get(unit.pk)
        rows.append(
            UnitRow(
                unit=unit,
                risk_list_id=lists.get(unit.pk),
                submitted=Mark(
                    submitted.get(unit.pk),
                    unit_due.get(Milestone.RISK_LISTS),
                    today,
                    Milestone.RISK_LISTS in current,
                ),
                approved=Mark(
                    approved.get(unit.pk),
                    unit_due.get(Milestone.MEASURES),
                    today,
                    Milestone.MEASURES in current,
                ),
                points_total=points.get(unit.pk, (0, 0))[0],
                points_approved=points.get(unit.pk, (0, 0))[1],
                measures_total=measures.get(unit.pk, (0, 0))[0],
                measures_done=measures.get(unit.pk, (0, 0))[1],
                self_examination=Mark(
                    appraisal.self_report_at if appraisal else None,
                    unit_due.get(Milestone.SELF_EXAMINATION),
                    today,
                    Milestone.SELF_EXAMINATION in current,
                ),
                appraisal_id=appraisal.appraisal_id if appraisal else None,
                grade=appraisal.grade if appraisal else "",
                vetoed=appraisal.vetoed if appraisal else False,
                honours=appraisal.honours if appraisal else not_appraised(cycle.year),
                unreviewed=unreviewed.get(unit.pk, 0),
                open_items=items.get(unit.pk, (0, 0))[0],
                overdue_items=items.get(unit.pk, (0, 0))[1],
            )
        )
    return rows


def _due_dates(cycle: Cycle, ids: list[int]) -> dict[int, dict[str, datetime.date]]:
    """Each unit's due date per milestone: its own date where it has one."""
    common = {d.milestone: d.due_on for d in cycle.deadlines.exclude(milestone=Milestone.OTHER)}
    due = {pk: dict(common) for pk in ids}
    own = UnitDeadline.objects.filter(deadline__cycle=cycle, unit_id__in=ids).values_list(
        "unit_id", "deadline__milestone", "due_on"
    )
    for unit_id, milestone, due_on in own:
        due[unit_id][milestone] = due_on
    return due


def _sign_off_dates(cycle: Cycle, ids: list[int]) -> tuple[dict, dict]:
    """When each unit first submitted its list this year, and when it was last approved."""
    rows = (
        SignOff.objects.filter(risk_list__year=cycle.year, risk_list__unit_id__in=ids)
        .values_list("risk_list__unit_id")
        .annotate(
            first_submit=Min("at", filter=Q(action=SignOffAction.SUBMIT)),
            last_approval=Max(
                "at", filter=Q(action__in=[SignOffAction.APPROVE, SignOffAction.DECIDE])
            ),
        )
    )
    submitted, approved = {}, {}
    for unit_id, first_submit, last_approval in rows:
        submitted[unit_id], approved[unit_id] = first_submit, last_approval
    return submitted, approved


def _point_counts(cycle: Cycle, ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        RiskPoint.objects.filter(unit_id__in=ids, year__lte=cycle.year, revision_of__isnull=True)
        .exclude(status=RiskPointStatus.RETIRED)
        .values_list("unit_id")
        .annotate(total=Count("pk"), approved=Count("pk", filter=Q(status__in=APPROVED)))
    )
    return {unit_id: (total, approved) for unit_id, total, approved in rows}


def _measure_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        Measure.objects.filter(
            risk_point__unit_id__in=ids, risk_point__status=RiskPointStatus.ACTIVE
        )
        .values_list("risk_point__unit_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=MeasureStatus.DONE)))
    )
    return {unit_id: (total, done) for unit_id, total, done in rows}


def _item_counts(ids: list[int], today: datetime.date) -> dict[int, tuple[int, int]]:
    rows = (
        RectificationItem.objects.filter(unit_id__in=ids, status__in=UNFINISHED)
        .values_list("unit_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    )
    return {unit_id: (n_open, overdue) for unit_id, n_open, overdue in rows}
