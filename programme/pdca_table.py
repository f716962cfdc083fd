"""The programme's yearly figures per unit, as a table on the PDCA dashboard and in the
annual Check report (registered with ``pdca.extra_tables`` in ``ProgrammeConfig.ready``)."""

from django.utils.translation import gettext as _

from programme.education import education_figures
from programme.filing import filing_rows
from programme.models import LetterBatch
from programme.rules import rule_counts
from programme.selectors import batch_progress


def _letter_totals(units, year: int) -> dict[int, tuple[int, int]]:
    batches = list(LetterBatch.objects.filter(unit__in=units, year=year))
    progress = batch_progress(batches)
    totals: dict[int, tuple[int, int]] = {}
    for batch in batches:
        issued, signed = totals.get(batch.unit_id, (0, 0))
        totals[batch.unit_id] = (
            issued + progress[batch.pk]["issued"],
            signed + progress[batch.pk]["signed"],
        )
    return totals


def programme_table(cycle, units: list) -> dict | None:
    if not units:
        return None
    year = cycle.year
    education = education_figures(units, year)
    rules = rule_counts(units, year)
    letters = _letter_totals(units, year)
    filings = {row["unit"].pk: row for row in filing_rows(units, year)}
    rows = []
    for unit in units:
        issued, signed = letters.get(unit.pk, (0, 0))
        filing = filings[unit.pk]
        rows.append(
            [
                unit.name,
                education[unit.pk]["activities"],
                education[unit.pk]["reached"],
                rules[unit.pk]["new"],
                rules[unit.pk]["revised"],
                rules[unit.pk]["abolished"],
                f"{signed}/{issued}",
                f"{100 * signed / issued:.0f}%" if issued else "—",
                filing["filing"].filed_on.isoformat() if filing["filing"] else _("Not filed"),
                _("Late") if filing["late"] else "",
            ]
        )
    return {
        "title": _("Programme records %(year)d") % {"year": year},
        "headers": [
            _("Unit"),
            _("Education activities"),
            _("People reached"),
            _("Rules made"),
            _("Rules revised"),
            _("Rules abolished"),
            _("Letters signed/issued"),
            _("Collection rate"),
            _("Filed on"),
            _("Filed late"),
        ],
        "rows": rows,
    }
