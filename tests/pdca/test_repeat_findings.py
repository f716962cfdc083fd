"""屡查屡犯: a finding on a measure (or risk point) that already had a finding in an earlier
inspection or source is flagged as a repeat and costs the unit the repeat rule's points,
once, however often the intake runs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from earlywarning.choices import SourceType, Verification
from earlywarning.models import Deduction, DeductionRule, WarningInfo
from earlywarning.pdca_intake import take_in_pdca
from pdca.models import FindingSource, RectificationItem
from pdca.services.findings import external_finding_record
from pdca.services.inspections import finding_record
from pdca.services.planning import inspection_plan
from registry.models import Measure

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def special(users, org, measures_in_effect):
    def plan(title="专项检查"):
        (inspection,) = inspection_plan(
            source=FindingSource.objects.get(code="special"),
            title=title,
            units=[org.finance],
            by=users["inspector"],
        )
        return inspection

    return plan


def record(inspection, users, measure, text="需求论证未经集体研究"):
    return finding_record(
        inspection=inspection,
        severity="significant",
        description=text,
        owner=users["depthead"],
        deadline=days(20),
        checklist_item=inspection.items.get(measure=measure),
        by=users["inspector"],
    )


def repeat_deductions():
    return Deduction.objects.filter(rule__code="repeat_finding")


def test_a_second_finding_on_the_same_measure_is_a_repeat_and_costs_points_once(
    special, users, org, measures_in_effect, django_capture_on_commit_callbacks
):
    measure = Measure.objects.filter(risk_point=measures_in_effect[1]).first()
    with django_capture_on_commit_callbacks(execute=True):
        first = record(special("第一次"), users, measure)
    assert not first.is_repeat and not repeat_deductions().exists()
    with django_capture_on_commit_callbacks(execute=True):
        again = record(special("第二次"), users, measure, text="需求论证仍未经集体研究")
    assert again.repeat_of == first
    deduction = repeat_deductions().get()
    rule = DeductionRule.objects.get(code="repeat_finding")
    assert (deduction.unit, deduction.points, deduction.person) == (org.finance, rule.points, None)
    warning = WarningInfo.objects.get(source_type=SourceType.REPEAT_FINDING, source_id=again.pk)
    assert warning.verification == Verification.VERIFIED and deduction.warning == warning
    # The intake running again, by the sweep, deducts nothing more.
    take_in_pdca()
    take_in_pdca()
    assert repeat_deductions().count() == 1


def test_the_repeat_is_shown_on_the_finding_and_in_the_lists(
    login, special, users, measures_in_effect
):
    measure = Measure.objects.filter(risk_point=measures_in_effect[1]).first()
    record(special("第一次"), users, measure)
    inspection = special("第二次")
    again = record(inspection, users, measure)
    client = login(users["inspector"])
    item = RectificationItem.objects.get(finding=again)
    assert (
        "屡查屡犯"
        in client.get(reverse("pdca:rectification_detail", args=[item.pk])).content.decode()
    )
    assert (
        "屡查屡犯"
        in client.get(reverse("pdca:inspection_detail", args=[inspection.pk])).content.decode()
    )
    assert "屡查屡犯" in client.get(reverse("pdca:rectification_list")).content.decode()
    problems = client.get(reverse("pdca:rectification_sheet", args=["problems"])).content.decode()
    assert "屡查屡犯" in problems
    api = client.get(f"/api/v1/pdca/rectification-items/{item.pk}/").json()
    assert (api["repeat"], api["source"], api["source_name"]) == (True, "special", "专项检查")


def test_two_findings_in_one_inspection_are_not_repeats(special, users, measures_in_effect):
    inspection = special()
    measure = Measure.objects.filter(risk_point=measures_in_effect[1]).first()
    record(inspection, users, measure)
    assert not record(inspection, users, measure, text="另一问题").is_repeat


def test_without_a_measure_the_risk_point_decides(special, users, org, measures_in_effect):
    point = measures_in_effect[0]
    record(special(), users, Measure.objects.filter(risk_point=point).first())
    audit = external_finding_record(
        unit=org.finance,
        source=FindingSource.objects.get(code="audit"),
        reference="审计〔2026〕2号",
        found_on=days(-1),
        severity="serious",
        description="大额资金未经集体决策",
        owner=users["leader"],
        deadline=days(30),
        risk_point=point,
        by=users["inspector"],
    )
    assert audit.is_repeat and audit.repeat_of.source.code == "special"


def test_an_inactive_rule_deducts_nothing_until_it_is_active_again(
    special, users, measures_in_effect, django_capture_on_commit_callbacks
):
    DeductionRule.objects.filter(code="repeat_finding").update(is_active=False)
    measure = Measure.objects.filter(risk_point=measures_in_effect[1]).first()
    with django_capture_on_commit_callbacks(execute=True):
        record(special("第一次"), users, measure)
        record(special("第二次"), users, measure)
    assert not repeat_deductions().exists()
    DeductionRule.objects.filter(code="repeat_finding").update(is_active=True)
    take_in_pdca()
    assert repeat_deductions().count() == 1
