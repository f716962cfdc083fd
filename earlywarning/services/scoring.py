"""Deductions under the 12-point scheme."""

from simple_history.utils import bulk_create_with_history

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


def deduct_for_missing_reports(*, reports: list[OfficerReport], rule: DeductionRule) -> list:
    """Each newly missing report costs its officer's unit the rule's points, with history."""
    return bulk_create_with_history(
        [
            Deduction(
                officer_report=report,
                unit_id=report.officer.unit_id,
                rule=rule,
                points=rule.points,
                year=report.period.year,
            )
            for report in reports
        ],
        Deduction,
        default_user=None,
    )
