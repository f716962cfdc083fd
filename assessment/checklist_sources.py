"""Checklist items scored from records that higher apps keep.

Extension point (higher apps must not be imported from here):

``register_checklist_scorer(callable)``
    The callable takes ``(appraisal)`` and returns ``{checklist item id:
    (score, note)}`` — a ``Decimal`` from 0 to 100 and a short note saying what
    the score was computed from — for the active items it scores from its
    records. The programme app registers its items (education held, rules
    revised, letters collected, lists filed on time) in ``ready()``::

        from assessment.checklist_sources import register_checklist_scorer
        register_checklist_scorer(score_from_records)

The checklist page offers these scores to the assessment team for items not
yet scored; ``checklist_score_from_records`` saves them in one go. The team
can still change any score by hand.
"""

from collections.abc import Callable
from decimal import Decimal

from assessment.models import Appraisal

_scorers: list[Callable] = []


def register_checklist_scorer(scorer: Callable) -> None:
    if scorer not in _scorers:
        _scorers.append(scorer)


def scores_from_records(appraisal: Appraisal) -> dict[int, tuple[Decimal, str]]:
    scores: dict[int, tuple[Decimal, str]] = {}
    for scorer in _scorers:
        scores.update(scorer(appraisal) or {})
    return scores


def checklist_score_from_records(*, appraisal: Appraisal, by) -> dict[int, tuple[Decimal, str]]:
    """Save the record-based scores (assessors only, open appraisals only)."""
    from assessment.appraisal import checklist_score

    scores = scores_from_records(appraisal)
    if scores:
        checklist_score(appraisal=appraisal, scores=scores, by=by)
    return scores
