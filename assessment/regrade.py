"""Bulk regrade after a grading-model change.

Regrades every point graded with ``model`` and, with ``year``, moves that
year's gradings still under review from other versions onto it (answers are
matched by factor and option code). Works in chunks of ``CHUNK`` gradings
with a fixed number of queries per chunk, and records history with the
admin as the user. Approved points are never touched: their version is
frozen and their grade stays explained by it.

The writes are bulk writes: one UPDATE per distinct result, history rows and
moved answers with COPY on PostgreSQL (``registry.ledger.bulk``), so 100,000
points regrade in well under 30 seconds (bench/regrade_100k.py).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.access import can_manage_grading_model
from assessment.choices import RegradeStatus
from assessment.models import FactorOption, GradingModel, PointGrading, RegradeRun
from assessment.monitoring import RoleMap, monitors_resolve
from assessment.scoring import ModelSnapshot, grade
from registry.ledger import bulk
from registry.models import RiskPoint
from registry.outbox import enqueue
from registry.services import FROZEN_STATUSES

CHUNK = 2000
GRADING_FIELDS = [
    "grading_model",
    "likelihood_score",
    "harm_score",
    "likelihood_band",
    "harm_band",
    "computed_level",
    "graded_at",
]


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
    model, by = run.grading_model, run.started_by
    snapshot = ModelSnapshot.load(model)
    codes = _option_codes(model)
    roles = RoleMap.load()
    ids = list(_targets(model, year).order_by("pk").values_list("pk", flat=True))
    run.status, run.total = RegradeStatus.RUNNING, len(ids)
    run.save(update_fields=["status", "total"])
    outcome = RegradeOutcome()
    for start in range(0, len(ids), CHUNK):
        _regrade_chunk(ids[start : start + CHUNK], model, snapshot, codes, roles, by, outcome)
        run.done, run.changed = outcome.done, outcome.changed
        run.save(update_fields=["done", "changed"])
    run.status, run.finished_at = RegradeStatus.DONE, timezone.now()
    if outcome.skipped:
        run.error = _(
            "%(count)d point(s) kept their old grading: their answers have no match in this version."
        ) % {"count": len(outcome.skipped)}
    run.save(update_fields=["status", "finished_at", "error"])
    return outcome


def _option_codes(model: GradingModel) -> dict[tuple[str, str], int]:
    rows = FactorOption.objects.filter(factor__grading_model=model).values_list(
        "factor__code", "code", "pk"
    )
    return {(factor, option): pk for factor, option, pk in rows}


@transaction.atomic
def _regrade_chunk(ids, model, snapshot, codes, roles, by, outcome: RegradeOutcome) -> None:
    """A fixed number of queries for up to CHUNK gradings, whatever changes."""
    gradings = list(PointGrading.objects.select_for_update().filter(pk__in=ids))
    Through = PointGrading.answers.through
    answers: dict[int, list[tuple[int, str, str]]] = {}
    for grading_id, option_id, factor_code, option_code in Through.objects.filter(
        pointgrading_id__in=ids
    ).values_list(
        "pointgrading_id", "factoroption_id", "factoroption__factor__code", "factoroption__code"
    ):
        answers.setdefault(grading_id, []).append((option_id, factor_code, option_code))
    moved, levels, now = [], {}, timezone.now()
    for grading in gradings:
        chosen = _map_answers(grading, model, answers.get(grading.pk, []), codes)
        try:
            result = grade(snapshot, chosen)
        except ValidationError:
            outcome.skipped.append(grading.point_id)
            continue
        if grading.grading_model_id != model.pk:
            moved.append((grading.pk, chosen))
        old_level = grading.level
        grading.grading_model_id = model.pk
        grading.likelihood_score, grading.harm_score = result.likelihood_score, result.harm_score
        grading.likelihood_band, grading.harm_band = result.likelihood_band, result.harm_band
        grading.computed_level, grading.graded_at = result.level, now
        if grading.level != old_level:
            levels[grading.point_id] = grading.level
        outcome.done += 1
    graded = [g for g in gradings if g.grading_model_id == model.pk]
    update_with_history(graded, PointGrading, GRADING_FIELDS, by, _reason(model))
    _replace_answers(moved, Through)
    _store_levels(levels, by, model, roles)
    outcome.changed += len(levels)


def _map_answers(grading, model, rows, codes) -> list[int]:
    """The answers in ``model``'s options; an unmatched one makes ``grade`` refuse."""
    if grading.grading_model_id == model.pk:
        return [option_id for option_id, _f, _o in rows]
    return [codes.get((factor, option), 0) for _id, factor, option in rows]


def _replace_answers(moved, Through) -> None:
    if not moved:
        return
    # One DELETE: the answer links carry no history and no signal is owed for them
    # (``delete`` would first load every link to collect it).
    old = Through.objects.filter(pointgrading_id__in=[pk for pk, _ in moved])
    old._raw_delete(old.db)
    bulk.insert(
        Through,
        [
            {"pointgrading_id": pk, "factoroption_id": option}
            for pk, chosen in moved
            for option in chosen
        ],
    )


def _store_levels(levels: dict[int, int], by, model, roles) -> None:
    if not levels:
        return
    points, now = list(RiskPoint.objects.filter(pk__in=levels)), timezone.now()
    for point in points:
        point.level, point.updated_at = levels[point.pk], now
    update_with_history(points, RiskPoint, ["level", "updated_at"], by, _reason(model))
    monitors_resolve(points=RiskPoint.objects.filter(pk__in=levels), roles=roles)


def _reason(model: GradingModel) -> str:
    return _("Bulk regrade with %(model)s") % {"model": model}


def update_with_history(objs, model, fields: list[str], by, reason: str) -> None:
    """Save ``fields`` of ``objs`` with one UPDATE per distinct set of values, and
    their history rows in one COPY (one insert elsewhere).

    Regraded rows share few distinct results (bounded by the model's score
    combinations, not by the number of rows), and an ``UPDATE … WHERE pk IN``
    per result is far cheaper on PostgreSQL than ``bulk_update``'s CASE per row.
    """
    groups: dict[tuple, list[int]] = {}
    for obj in objs:
        key = tuple(getattr(obj, model._meta.get_field(f).attname) for f in fields)
        groups.setdefault(key, []).append(obj.pk)
    attnames = [model._meta.get_field(f).attname for f in fields]
    for values, ids in groups.items():
        model.objects.filter(pk__in=ids).update(**dict(zip(attnames, values, strict=True)))
    bulk.record_history(model, objs, user=by, reason=reason)
