"""The person's warnings and deductions in their integrity file (廉政档案, assessment app).

Registered in ``EarlyWarningConfig.ready`` when the assessment app offers
``register_section``. Complainant details never appear here.
"""

from django.db.models import Sum
from django.utils.translation import gettext as _

from earlywarning.choices import Verification
from earlywarning.models import Deduction, WarningInfo
from earlywarning.standing import person_accountability, person_standing


def deduction_rule() -> str:
    """This term as the integrity index's formula shows it."""
    return _("Minus the points deducted for the person's warnings under the 12-point scheme.")


def warnings_section(person, year: int) -> dict | None:
    warnings = list(
        WarningInfo.objects.filter(
            person=person, received_on__year=year, verification=Verification.VERIFIED
        ).select_related("case")
    )
    deductions = list(
        Deduction.objects.filter(person=person, year=year).select_related("rule", "warning")
    )
    if not warnings and not deductions:
        return None
    return {
        "title": _("Warnings and deductions"),
        "template": "earlywarning/_integrity_section.html",
        "context": {
            "person": person,
            "year": year,
            "warnings": warnings,
            "deductions": deductions,
            "standing": person_standing(person, year),
            "flag": person_accountability(person, year),
        },
    }


def deduction_terms(people, year: int) -> dict[int, list[tuple[str, int]]]:
    """The integrity index loses the person's deducted points (one query for everyone)."""
    rows = (
        Deduction.objects.filter(person__in=[p.pk for p in people], year=year)
        .values_list("person_id")
        .annotate(total=Sum("points"))
    )
    label = _("Early-warning deductions (12-point scheme)")
    return {person_id: [(label, -total)] for person_id, total in rows if total}
