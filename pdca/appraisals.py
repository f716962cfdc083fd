"""What the assessment app records of each unit's year: the self-examination report
(自查报告), the appraisal grade (a veto included) and what it means for 评先评优. Read
here once for the dashboard and the annual report."""

import datetime
from dataclasses import dataclass

from assessment.models import Appraisal, HonoursEligibility
from assessment.veto import not_appraised

__all__ = ["AppraisalFacts", "appraisal_facts", "not_appraised"]


@dataclass(frozen=True)
class AppraisalFacts:
    appraisal_id: int
    self_report_at: datetime.datetime | None
    grade: str  # empty until the appraisal is published or a veto decides it
    vetoed: bool
    honours: HonoursEligibility


def appraisal_facts(year: int, unit_ids: list[int]) -> dict[int, AppraisalFacts]:
    """{unit id: facts} of the year's appraisals, in two queries."""
    rows = (
        Appraisal.objects.filter(year=year, unit_id__in=unit_ids)
        .only("unit_id", "year", "self_report_at", "final_score", "grade", "status")
        .with_vetoes()
    )
    return {
        a.unit_id: AppraisalFacts(
            a.pk,
            a.self_report_at,
            a.get_grade_display() if a.shows_grade else "",
            a.is_vetoed,
            a.honours_eligibility(),
        )
        for a in rows
    }
