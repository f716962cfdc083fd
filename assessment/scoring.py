"""The grading function: factor answers → axis scores → bands → matrix level.

Pure: ``grade(snapshot, option_ids)`` reads nothing from the database, so a
bulk regrade loads a model once (``ModelSnapshot.load``) and grades any number
of points in memory.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessment.choices import Axis


@dataclass(frozen=True)
class FactorSpec:
    id: int
    name: str
    axis: str
    scores: dict[int, int]  # option id → score


@dataclass(frozen=True)
class ModelSnapshot:
    model_id: int
    factors: dict[int, FactorSpec]
    # Per axis: (min_score, band), highest threshold first.
    bands: dict[str, list[tuple[int, int]]]
    cells: dict[tuple[int, int], int]  # (likelihood band, harm band) → level
    option_factor: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, model) -> "ModelSnapshot":
        """Three queries, whatever the size of the model."""
        factors = {}
        for factor in model.factors.prefetch_related("options"):
            scores = {option.pk: option.score for option in factor.options.all()}
            factors[factor.pk] = FactorSpec(factor.pk, factor.name, factor.axis, scores)
        bands: dict[str, list[tuple[int, int]]] = {Axis.LIKELIHOOD: [], Axis.HARM: []}
        for axis, band, min_score in model.bands.values_list("axis", "band", "min_score"):
            bands[axis].append((min_score, band))
        for thresholds in bands.values():
            thresholds.sort(reverse=True)
        cells = {
            (l_, h): level
            for l_, h, level in model.cells.values_list("likelihood", "harm", "level")
        }
        option_factor = {o: f.id for f in factors.values() for o in f.scores}
        return cls(model.pk, factors, bands, cells, option_factor)


@dataclass(frozen=True)
class GradeResult:
    likelihood_score: int
    harm_score: int
    likelihood_band: int
    harm_band: int
    level: int


def grade(snapshot: ModelSnapshot, option_ids) -> GradeResult:
    """The level for one answer per factor; a ValidationError names what is wrong."""
    chosen: dict[int, int] = {}
    for option_id in option_ids:
        factor_id = snapshot.option_factor.get(option_id)
        if factor_id is None:
            raise ValidationError(_("An answer does not belong to this grading model."))
        if factor_id in chosen:
            raise ValidationError(
                _("“%(factor)s” has more than one answer.")
                % {"factor": snapshot.factors[factor_id].name}
            )
        chosen[factor_id] = option_id
    missing = [f.name for f in snapshot.factors.values() if f.id not in chosen]
    if missing:
        raise ValidationError(
            _("Answer every factor; missing: %(names)s") % {"names": "、".join(missing)}
        )
    totals = {Axis.LIKELIHOOD: 0, Axis.HARM: 0}
    for factor_id, option_id in chosen.items():
        spec = snapshot.factors[factor_id]
        totals[spec.axis] += spec.scores[option_id]
    likelihood = band_for(snapshot, Axis.LIKELIHOOD, totals[Axis.LIKELIHOOD])
    harm = band_for(snapshot, Axis.HARM, totals[Axis.HARM])
    level = snapshot.cells.get((likelihood, harm))
    if level is None:
        raise ValidationError(_("The grading matrix has no level for this cell."))
    return GradeResult(totals[Axis.LIKELIHOOD], totals[Axis.HARM], likelihood, harm, level)


def band_for(snapshot: ModelSnapshot, axis: str, score: int) -> int:
    for min_score, band in snapshot.bands[axis]:
        if score >= min_score:
            return band
    raise ValidationError(
        _("The grading model has no band for a score of %(score)d.") % {"score": score}
    )
