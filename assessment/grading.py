"""Grading risk points: record factor answers, override with a reason, and
manage grading-model versions. Writes only; each one transaction with history
attributed to ``by``. Bulk regrade lives in ``assessment.regrade``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessment.access import can_grade, can_manage_grading_model, can_override
from assessment.choices import Axis
from assessment.models import (
    AxisBand,
    Factor,
    FactorOption,
    GradingModel,
    MatrixCell,
    PointGrading,
)
from assessment.scoring import ModelSnapshot, grade
from registry.choices import RiskLevel
from registry.models import RiskPoint
from registry.services import FROZEN_STATUSES


def current_model() -> GradingModel:
    model = GradingModel.objects.filter(is_current=True).first()
    if model is None:
        raise ValidationError(_("No grading model is current; an administrator must choose one."))
    return model


def levels_from_grading(point_ids: list[int]) -> dict[int, int]:
    """{point id: level} its grading gives, override included (a registry level source)."""
    rows = PointGrading.objects.filter(point_id__in=point_ids).values_list(
        "point_id", "computed_level", "override_level"
    )
    return {point_id: override or computed for point_id, computed, override in rows}


def _refuse_if_approved(point: RiskPoint) -> None:
    if point.status in FROZEN_STATUSES:
        raise PermissionDenied(
            _("“%(point)s” is %(status)s: its grade changes only through a revision.")
            % {"point": point.name, "status": point.get_status_display()}
        )


@transaction.atomic
def point_grade(*, point: RiskPoint, option_ids: list[int], by) -> PointGrading:
    """Record the factor answers; the level follows and is stored on the point."""
    if not can_grade(by, point):
        raise PermissionDenied(_("You may not grade this risk point."))
    _refuse_if_approved(point)
    grading = PointGrading.objects.select_for_update().filter(point=point).first()
    model = current_model()
    result = grade(ModelSnapshot.load(model), option_ids)
    grading = grading or PointGrading(point=point)
    grading.grading_model = model
    grading.likelihood_score, grading.harm_score = result.likelihood_score, result.harm_score
    grading.likelihood_band, grading.harm_band = result.likelihood_band, result.harm_band
    grading.computed_level = result.level
    grading.graded_by, grading.graded_at = by, timezone.now()
    grading.answer_summary = answer_summary(option_ids)
    grading._history_user = by
    grading.save()
    grading.answers.set(option_ids)
    _store_level(point, grading, by, _("Graded from the recorded factors"))
    return grading


@transaction.atomic
def point_override(*, point: RiskPoint, level: int | None, reason: str, by) -> PointGrading:
    """Set (or with ``level=None`` clear) a manual level; a reason is always required."""
    if not can_override(by, point):
        raise PermissionDenied(
            _(
                "Only the leader in charge, the main leader or the leading group may override a level."
            )
        )
    _refuse_if_approved(point)
    grading = PointGrading.objects.select_for_update().filter(point=point).first()
    if grading is None:
        raise ValidationError(_("Record the factors first: an override corrects a computed level."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the override.")})
    if level is not None and level not in RiskLevel.values:
        raise ValidationError({"level": _("Choose level 1, 2 or 3.")})
    grading.override_level = level
    grading.override_reason = reason if level is not None else ""
    grading.overridden_by = by if level is not None else None
    grading.overridden_at = timezone.now() if level is not None else None
    grading._history_user = by
    grading._change_reason = reason
    grading.save()
    _store_level(point, grading, by, reason)
    return grading


def _store_level(point: RiskPoint, grading: PointGrading, by, why: str) -> None:
    if point.level == grading.level:
        return
    point.level = grading.level
    point._history_user = by
    point._change_reason = why
    point.save(update_fields=["level", "updated_at"])


@transaction.atomic
def grading_model_copy(*, model: GradingModel, by) -> GradingModel:
    """A new, editable version with the same factors, options, bands and matrix.

    Every copied row gets a history record naming ``by``, in a fixed number of queries.
    """
    if not can_manage_grading_model(by):
        raise PermissionDenied(_("Only administrators change the grading model."))
    latest = GradingModel.objects.filter(name=model.name).order_by("-version").first()
    copy = GradingModel(name=model.name, version=latest.version + 1, notes=model.notes)
    copy._history_user = by
    copy.save()
    originals = list(model.factors.prefetch_related("options"))
    options = {factor.code: list(factor.options.all()) for factor in originals}
    for factor in originals:
        factor.pk, factor.grading_model = None, copy
    factors = bulk_create_with_history(originals, Factor, default_user=by)
    _copy_rows(
        FactorOption,
        [
            FactorOption(
                factor=factor, code=o.code, label=o.label, score=o.score, sort_order=o.sort_order
            )
            for factor in factors
            for o in options[factor.code]
        ],
        by,
    )
    _copy_rows(
        AxisBand,
        [
            AxisBand(grading_model=copy, axis=b.axis, band=b.band, min_score=b.min_score)
            for b in model.bands.all()
        ],
        by,
    )
    _copy_rows(
        MatrixCell,
        [
            MatrixCell(grading_model=copy, likelihood=c.likelihood, harm=c.harm, level=c.level)
            for c in model.cells.all()
        ],
        by,
    )
    return copy


def _copy_rows(model_class, rows: list, by) -> None:
    bulk_create_with_history(
        rows, model_class, default_user=by, default_change_reason=_("Copied to a new version")
    )


@transaction.atomic
def grading_model_make_current(*, model: GradingModel, by) -> None:
    if not can_manage_grading_model(by):
        raise PermissionDenied(_("Only administrators change the grading model."))
    problems = model_problems(model)
    if problems:
        raise ValidationError(problems)
    GradingModel.objects.filter(is_current=True).exclude(pk=model.pk).update(is_current=False)
    model.is_current = True
    model._history_user = by
    model.save(update_fields=["is_current"])


def model_problems(model: GradingModel) -> list[str]:
    """What stops a version from grading: every factor needs options, every band and cell a row."""
    problems = []
    factors = list(model.factors.prefetch_related("options"))
    if {f.axis for f in factors} != set(Axis.values):
        problems.append(_("The model needs factors on both likelihood and harm."))
    problems += [
        _("“%(factor)s” has no options.") % {"factor": f.name}
        for f in factors
        if not f.options.all()
    ]
    bands = set(model.bands.values_list("axis", "band"))
    if len(bands) != 6:
        problems.append(_("Each axis needs a threshold for low, medium and high."))
    if model.cells.count() != 9:
        problems.append(_("The matrix needs a level in each of its nine cells."))
    return problems


def answer_summary(option_ids) -> list[str]:
    options = FactorOption.objects.filter(pk__in=option_ids).select_related("factor")
    return [
        f"{o.factor.name}: {o.label} ({o.score})"
        for o in options.order_by("factor__axis", "factor__sort_order")
    ]


def factors_with_options(model: GradingModel) -> list[Factor]:
    return list(model.factors.prefetch_related("options"))
