"""Bulk regrade after a grading-model change.

Regrades every point graded with ``model`` and, with ``year``, moves that
year's gradings still under review from other versions onto it (answers are
matched by factor and option code). Works in chunks of ``CHUNK`` gradings
with a fixed number of queries per chunk, and records history with the
admin as the user. Approved points are never touched: their version is
frozen and their grade stays explained by it.

The work is in plain values, never model instances: each distinct set of answers
is graded once, one UPDATE per distinct result, moved answers re-pointed by one
UPDATE, history rows copied inside the database (``bulk.record_history_of``) and
ids sent as one array parameter (``bulk.among``). bench/regrade_100k.py measures
100,000 points against the 30-second goal.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.access import can_manage_grading_model
from assessment.choices import RegradeStatus
from assessment.models import FactorOption, GradingModel, PointGrading, RegradeRun
from assessment.monitoring import RoleMap, monitors_resolve
from assessment.scoring import GradeResult, ModelSnapshot, grade
from registry.ledger import bulk
from registry.models import RiskPoint
from registry.outbox import enqueue
from registry.services import FROZEN_STATUSES

CHUNK = 2000
Through = PointGrading.answers.through


@dataclass
class RegradeOutcome:
    done: int = 0
    changed: int = 0
    skipped: list[int] = field(default_factory=list)  # point ids whose answers did not map


@transaction.atomic
def regrade_start(*, model: GradingModel, year: int | None, by) -> RegradeRun:
    """Check and queue a regrade; the task runs once the transaction commits."""
    if not can_manage_grading_model(by):
        raise PermissionDenied(_("Only administrators regrade the register."))
    if model.refresh_frozen():
        raise ValidationError(
            _("%(model)s is frozen; make a new version first.") % {"model": model}
        )
    run = RegradeRun.objects.create(
        grading_model=model, started_by=by, total=_targets(model, year).count()
    )
    enqueue("assessment.tasks.run_regrade", run_id=run.pk, year=year)
    return run


def _targets(model: GradingModel, year: int | None):
    condition = Q(grading_model=model)
    if year is not None:
        condition |= Q(point__year=year)
    return PointGrading.objects.filter(condition).exclude(point__status__in=FROZEN_STATUSES)


def regrade_run(*, run: RegradeRun, year: int | None = None) -> RegradeOutcome:
    """The task's body: regrade in chunks, saving progress on ``run`` after each."""
    grader, by = Grader(run.grading_model), run.started_by
    roles = RoleMap.load()
    ids = list(_targets(grader.model, year).order_by("pk").values_list("pk", flat=True))
    run.status, run.total = RegradeStatus.RUNNING, len(ids)
    run.save(update_fields=["status", "total"])
    outcome = RegradeOutcome()
    for start in range(0, len(ids), CHUNK):
        _regrade_chunk(ids[start : start + CHUNK], grader, roles, by, outcome)
        run.done, run.changed = outcome.done, outcome.changed
        run.save(update_fields=["done", "changed"])
    run.status, run.finished_at = RegradeStatus.DONE, timezone.now()
    if outcome.skipped:
        run.error = _(
            "%(count)d point(s) kept their old grading: their answers have no match in this version."
        ) % {"count": len(outcome.skipped)}
    run.save(update_fields=["status", "finished_at", "error"])
    return outcome


class Grader:
    """Grades answer sets onto ``model``: answers given in another version are matched
    by factor and option code, and each distinct set of answers is graded once (a
    register has few of them, whatever its size)."""

    def __init__(self, model: GradingModel) -> None:
        self.model = model
        self.snapshot = ModelSnapshot.load(model)
        rows = list(
            FactorOption.objects.values_list("pk", "factor__grading_model", "factor__code", "code")
        )
        ours = {(f, o): pk for pk, model_id, f, o in rows if model_id == model.pk}
        # Any version's option → this version's (0, which ``grade`` refuses, when none).
        self.counterpart = {pk: ours.get((f, o), 0) for pk, _model, f, o in rows}
        self._results: dict[tuple[int, ...], GradeResult | None] = {}

    def answers_here(self, model_id: int, option_ids: list[int]) -> list[int]:
        if model_id == self.model.pk:
            return option_ids
        return [self.counterpart.get(option_id, 0) for option_id in option_ids]

    def grade(self, option_ids: list[int]) -> GradeResult | None:
        """The result, or None when the answers cannot be graded in this version."""
        key = tuple(sorted(option_ids))
        if key not in self._results:
            try:
                self._results[key] = grade(self.snapshot, key)
            except ValidationError:
                self._results[key] = None
        return self._results[key]


@transaction.atomic
def _regrade_chunk(ids, grader: Grader, roles, by, outcome: RegradeOutcome) -> None:
    """A fixed number of queries for up to CHUNK gradings, whatever changes; plain
    values throughout, no model instances."""
    model = grader.model
    gradings = (
        PointGrading.objects.select_for_update()
        .filter(bulk.among("pk", ids))
        .values_list("pk", "point_id", "grading_model_id", "override_level", "computed_level")
    )
    answers: dict[int, list[int]] = defaultdict(list)
    for grading_id, option_id in Through.objects.filter(
        bulk.among("pointgrading_id", ids)
    ).values_list("pointgrading_id", "factoroption_id"):
        answers[grading_id].append(option_id)
    by_result: dict[GradeResult, list[int]] = defaultdict(list)
    moved: dict[int, list[int]] = {}  # grading id → its answers as they are
    levels: dict[int, list[int]] = defaultdict(list)  # new level → point ids
    for pk, point_id, model_id, override, computed in gradings:
        result = grader.grade(grader.answers_here(model_id, answers[pk]))
        if result is None:
            outcome.skipped.append(point_id)
            continue
        by_result[result].append(pk)
        if model_id != model.pk:
            moved[pk] = answers[pk]
        if (override or result.level) != (override or computed):
            levels[override or result.level].append(point_id)
    _save_gradings(by_result, model, by)
    _move_answers(moved, grader)
    _save_levels(levels, model, roles, by)
    outcome.done += sum(len(pks) for pks in by_result.values())
    outcome.changed += sum(len(pks) for pks in levels.values())


def _save_gradings(by_result: dict[GradeResult, list[int]], model, by) -> None:
    """One UPDATE per distinct result (bounded by the model's score combinations, far
    cheaper than ``bulk_update``'s CASE per row), then every history row in one go."""
    now = timezone.now()
    for result, pks in by_result.items():
        PointGrading.objects.filter(bulk.among("pk", pks)).update(
            grading_model_id=model.pk,
            likelihood_score=result.likelihood_score,
            harm_score=result.harm_score,
            likelihood_band=result.likelihood_band,
            harm_band=result.harm_band,
            computed_level=result.level,
            graded_at=now,
        )
    graded = [pk for pks in by_result.values() for pk in pks]
    if graded:
        bulk.record_history_of(
            PointGrading.objects.filter(bulk.among("pk", graded)), user=by, reason=_reason(model)
        )


def _move_answers(moved: dict[int, list[int]], grader: Grader) -> None:
    """Point the answer links of gradings from other versions at this version's options,
    in one UPDATE (the links carry no history and no signal is owed for them)."""
    if not moved:
        return
    old = {option_id for option_ids in moved.values() for option_id in option_ids}
    Through.objects.filter(bulk.among("pointgrading_id", moved)).update(
        factoroption_id=Case(
            *[When(factoroption_id=o, then=Value(grader.counterpart[o])) for o in sorted(old)],
            default=F("factoroption_id"),
            output_field=BigIntegerField(),
        )
    )


def _save_levels(levels: dict[int, list[int]], model, roles, by) -> None:
    if not levels:
        return
    now = timezone.now()
    for level, point_ids in levels.items():
        RiskPoint.objects.filter(bulk.among("pk", point_ids)).update(level=level, updated_at=now)
    changed = RiskPoint.objects.filter(bulk.among("pk", [p for ps in levels.values() for p in ps]))
    bulk.record_history_of(changed, user=by, reason=_reason(model))
    monitors_resolve(points=changed, roles=roles)


def _reason(model: GradingModel) -> str:
    return _("Bulk regrade with %(model)s") % {"model": model}
