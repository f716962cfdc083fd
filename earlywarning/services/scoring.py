"""Deductions under the 12-point scheme."""

from earlywarning.models import Deduction, DeductionRule, OfficerReport, WarningInfo


def deduct_for_warning(*, warning: WarningInfo, rule: DeductionRule, by) -> list[Deduction]:
    """The unit's deduction and, when a person is named, the person's; each only once."""
    year = warning.received_on.year
    targets = [None] + ([warning.person] if warning.person_id else [])
    made = []
    for person in targets:
        deduction, created = Deduction.objects.get_or_create(
            warning=warning,
            unit=warning.unit,
            person=person,
            defaults={"rule": rule, "points": rule.points, "year": year, "created_by": by},
        )
        if created:
            made.append(deduction)
    return made


def deduct_for_missing_report(*, report: OfficerReport, rule: DeductionRule) -> Deduction:
    deduction, _ = Deduction.objects.get_or_create(
        officer_report=report,
        defaults={
            "unit": report.officer.unit,
            "rule": rule,
            "points": rule.points,
            "year": report.period.year,
        },
    )
    return deduction
