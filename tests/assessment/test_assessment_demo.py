"""The app's demo data: levels follow from factors, monitors resolve, appraisals exist; loads once."""

import pytest
from django.apps import apps

from assessment.choices import AppraisalGrade, AppraisalStatus
from assessment.models import (
    Appraisal,
    Commitment,
    MonitorAssignment,
    PointGrading,
    RectificationNotice,
)
from registry.demo import seed_demo
from registry.models import RiskPoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_loads_and_a_second_run_creates_nothing():
    seed_demo()  # the registry's seeding calls AssessmentConfig.seed_demo

    points = RiskPoint.objects.filter(revision_of__isnull=True)
    assert PointGrading.objects.count() == points.count() > 80
    for grading in PointGrading.objects.select_related("point"):
        assert grading.computed_level == grading.point.level
    assert MonitorAssignment.objects.filter(user__username="leader", point__level=1).exists()
    assert MonitorAssignment.objects.filter(user__username="inspector").exists()
    assert MonitorAssignment.objects.filter(user__isnull=True).exists()  # other units' vacancies
    by_unit = {a.unit.code: a for a in Appraisal.objects.select_related("unit")}
    assert by_unit["CZ"].status == AppraisalStatus.PUBLISHED
    assert by_unit["SB"].grade == AppraisalGrade.UNQUALIFIED
    assert RectificationNotice.objects.filter(unit__code="SB", adopted_at__isnull=True).exists()
    assert by_unit["YY"].status == AppraisalStatus.OPEN
    vetoed = by_unit["GT"]  # a good score, vetoed (一票否决)
    assert vetoed.score_grade == AppraisalGrade.GOOD and vetoed.grade == AppraisalGrade.UNQUALIFIED
    assert not vetoed.honours_eligibility().eligible
    assert Commitment.objects.filter(year=2026).exists()

    again = apps.get_app_config("assessment").seed_demo()
    assert not any(again.values())
