"""Appraisal checklist items scored from the programme's records (registered with
``assessment.checklist_sources`` in ``ProgrammeConfig.ready``)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from programme.education import education_figures
from programme.filing import filing_rows
from programme.models import LetterBatch, RecordedItem, RecordMeasure
from programme.rules import rule_counts
from programme.selectors import batch_progress

CENT = Decimal("0.01")
# A list filed, but after the deadline, earns half the marks; not filed earns none.
FILED_LATE = Decimal(50)


def _share(count: int, target: int) -> Decimal:
    return min(Decimal(100), Decimal(100 * count) / max(target, 1)).quantize(CENT, ROUND_HALF_UP)


def _education(unit, year, target):
    figures = education_figures([unit], year)[unit.pk]
    note = _("%(n)d activities, %(people)d people reached (target %(target)d)") % {
        "n": figures["activities"],
        "people": figures["reached"],
        "target": target,
    }
    return _share(figures["activities"], target), note


def _rules(unit, year, target):
    counts = rule_counts([unit], year)[unit.pk]
    total = sum(counts.values())
    note = _("%(new)d made, %(revised)d revised, %(abolished)d abolished (target %(target)d)") % (
        counts | {"target": target}
    )
    return _share(total, target), note


def _letters(unit, year, _target):
    batches = list(LetterBatch.objects.filter(unit=unit, year=year))
    progress = batch_progress(batches).values()
    issued = sum(p["issued"] for p in progress)
    signed = sum(p["signed"] for p in progress)
    note = _("%(signed)d of %(issued)d letters collected") % {"signed": signed, "issued": issued}
    return _share(signed, issued) if issued else Decimal(0), note


def _filing(unit, year, _target):
    row = filing_rows([unit], year)[0]
    if row["filing"] is None:
        return Decimal(0), _("Not filed (deadline %(due)s)") % {"due": row["due_on"].isoformat()}
    note = _("Filed on %(on)s (deadline %(due)s)") % {
        "on": row["filing"].filed_on.isoformat(),
        "due": row["due_on"].isoformat(),
    }
    return (FILED_LATE if row["late"] else Decimal(100)), note


SCORERS = {
    RecordMeasure.EDUCATION: _education,
    RecordMeasure.RULES: _rules,
    RecordMeasure.LETTERS: _letters,
    RecordMeasure.FILING: _filing,
}


def score_from_records(appraisal) -> dict:
    """{checklist item id: (score, note)} for the active items linked to a record measure."""
    linked = RecordedItem.objects.filter(item__is_active=True)
    return {
        link.item_id: SCORERS[link.measure](appraisal.unit, appraisal.year, link.target)
        for link in linked
    }
