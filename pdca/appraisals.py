"""What the assessment app records of each unit's year: the self-examination report
(自查报告) and the appraisal grade. Read here once for the dashboard and the annual report."""

import datetime
from dataclasses import dataclass

from assessment.choices import AppraisalStatus
from assessment.models import Appraisal


@dataclass(frozen=True)
class AppraisalFacts:
    appraisal_id: int
    self_report_at: datetime.datetime | None
    grade: str  # empty until the appraisal is published


def appraisal_facts(year: int, unit_ids: list[int]) -> dict[int, AppraisalFacts]:
    """{unit id: facts} of the year's appraisals, in one query."""
    rows = Appraisal.objects.filter(year=year, unit_id__in=unit_ids).only(
        "unit_id", "self_report_at", "grade", "status"
    )
    return {
        a.unit_id: AppraisalFacts(
            a.pk,
            a.self_report_at,
            a.get_grade_display() if a.grade and a.status == AppraisalStatus.PUBLISHED else "",
        )
        for a in rows
    }
