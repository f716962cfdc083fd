"""一票否决 and 评先评优: a veto makes the grade unqualified whatever the score, a
withdrawal restores it, and an unqualified unit may not be put forward for honours."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from assessment import appraisal as service
from assessment import veto as vetoes
from assessment.choices import AppraisalGrade, Rating
from assessment.models import Appraisal, AppraisalVeto, ChecklistItem, SurveyQuestion, VetoRule
from registry.choices import UnitKind
from registry.models import Notification, Unit

DEADLINE = datetime.date.today() + datetime.timedelta(days=60)


def published(unit, by, team: str, year: int = 2026) -> Appraisal:
    """An appraisal of ``unit`` published with the team's score ``team`` on every item and
    every democratic answer 'fairly good' (80)."""
    appraisal = service.appraisal_open(unit=unit, year=year, by=by)
    [token] = service.links_issue(appraisal=appraisal, kind="staff", count=1, by=by)
    service.survey_submit(
        token=token, ratings={q.pk: Rating.FAIRLY_GOOD for q in SurveyQuestion.objects.all()}
    )
    scores = {item.pk: (Decimal(team), "") for item in ChecklistItem.objects.all()}
    service.checklist_score(appraisal=appraisal, scores=scores, by=by)
    return service.appraisal_publish(
        appraisal=appraisal, by=by, deadline=DEADLINE, notice_text="限期整改"
    )


@pytest.fixture
def good(org, users) -> Appraisal:
    """The finance bureau, 2026: 80 × 30% + 85 × 70% = 83.50, graded good."""
    return published(org.finance, users["inspector"], "85")


@pytest.fixture
def case() -> VetoRule:
    return VetoRule.objects.get(name="发生严重违纪违法案件")


def record(appraisal, rule, by, facts="原科长收受财物被立案审查"):
    return vetoes.veto_record(appraisal=appraisal, rule=rule, facts=facts, by=by)


def refreshed(appraisal) -> Appraisal:
    return Appraisal.objects.get(pk=appraisal.pk)


def test_the_common_veto_items_are_seeded_as_data(db):
    names = set(VetoRule.objects.values_list("name", flat=True))
    assert {"发生严重违纪违法案件", "发生重大廉政风险事件造成恶劣影响", "拒不整改"} <= names


def test_a_veto_overrides_a_passing_score(
    good, case, users, login, django_capture_on_commit_callbacks
):
    assert good.grade == AppraisalGrade.GOOD

    with django_capture_on_commit_callbacks(execute=True):
        record(good, case, users["inspector"])

    appraisal = refreshed(good)
    assert appraisal.grade == AppraisalGrade.UNQUALIFIED
    assert appraisal.score_grade == AppraisalGrade.GOOD
    assert appraisal.final_score == Decimal("83.50")
    page = login(users["leader"]).get(reverse("assessment:appraisal_detail", args=[good.pk]))
    body = page.content.decode()
    assert 'id="final-score">83.50<' in body  # the score stays visible
    assert 'id="grade">不合格<' in body and 'id="score-grade">良好<' in body
    assert "发生严重违纪违法案件" in body and "原科长收受财物被立案审查" in body
    assert Notification.objects.filter(
        recipient=users["leader"], title__contains="一票否决"
    ).exists()


def test_withdrawing_the_veto_restores_the_grade_and_keeps_the_reason(good, case, users):
    veto = record(good, case, users["inspector"])

    vetoes.veto_withdraw(veto=veto, reason="经复核，案件与本单位无关", by=users["inspector"])

    appraisal = refreshed(good)
    assert appraisal.grade == AppraisalGrade.GOOD and appraisal.honours_eligibility().eligible
    reasons = list(
        AppraisalVeto.history.filter(id=veto.pk).values_list("withdrawal_reason", flat=True)
    )
    assert "经复核，案件与本单位无关" in reasons and "" in reasons  # recorded, then withdrawn
    assert AppraisalVeto.objects.filter(pk=veto.pk).exists()  # withdrawn, not deleted
    with pytest.raises(ValidationError):
        vetoes.veto_withdraw(veto=veto, reason="再撤一次", by=users["inspector"])


def test_a_veto_before_publication_decides_the_grade_and_publication_issues_a_notice(
    org, case, users, login
):
    appraisal = service.appraisal_open(unit=org.finance, year=2026, by=users["inspector"])
    record(appraisal, case, users["inspector"])

    assert refreshed(appraisal).grade == AppraisalGrade.UNQUALIFIED
    listing = login(users["leader"]).get(reverse("assessment:appraisal_list")).content.decode()
    assert "不合格" in listing and "不得参加评先评优" in listing

    high = published_over(appraisal, users["inspector"], "95")
    assert high.score_grade == AppraisalGrade.EXCELLENT
    assert high.grade == AppraisalGrade.UNQUALIFIED
    assert high.rectification_notices.exists()


def published_over(appraisal, by, team: str) -> Appraisal:
    [token] = service.links_issue(appraisal=appraisal, kind="staff", count=1, by=by)
    service.survey_submit(
        token=token, ratings={q.pk: Rating.GOOD for q in SurveyQuestion.objects.all()}
    )
    scores = {item.pk: (Decimal(team), "") for item in ChecklistItem.objects.all()}
    service.checklist_score(appraisal=appraisal, scores=scores, by=by)
    return service.appraisal_publish(
        appraisal=appraisal, by=by, deadline=DEADLINE, notice_text="剖析案件，健全制度"
    )


def test_unqualified_by_score_loses_honours_eligibility(org, users):
    low = published(org.finance, users["inspector"], "50")  # 80 × 30% + 50 × 70% = 59.00

    eligibility = low.honours_eligibility()
    assert low.grade == AppraisalGrade.UNQUALIFIED and not eligibility.eligible
    assert "59.00" in eligibility.reason
    by_unit = vetoes.honours_eligibility(2026, [org.finance, org.tax])
    assert not by_unit[org.finance.pk].eligible
    assert by_unit[org.tax.pk].eligible  # no appraisal: nothing against it
    assert vetoes.honours_eligibility(2025, [org.finance])[org.finance.pk].eligible  # another year


def test_eligibility_shows_on_the_unit_page(good, case, users, login):
    url = reverse("programme:unit", args=[good.unit.pk]) + "?year=2026"
    client = login(users["leader"])
    before = client.get(url).content.decode()
    assert "可参加评先评优" in before and "不得参加评先评优" not in before

    record(good, case, users["inspector"])

    after = client.get(url).content.decode()
    assert "不得参加评先评优" in after
    assert "一票否决：发生严重违纪违法案件" in after and "原科长收受财物被立案审查" in after


def test_a_unit_user_cannot_record_or_withdraw_a_veto(good, case, users, login):
    with pytest.raises(PermissionDenied):
        record(good, case, users["leader"])
    response = login(users["leader"]).post(
        reverse("assessment:veto_record", args=[good.pk]), {"rule": case.pk, "facts": "无"}
    )
    assert response.status_code == 403
    veto = record(good, case, users["inspector"])
    response = login(users["leader"]).post(
        reverse("assessment:veto_withdraw", args=[veto.pk]), {"reason": "不服"}
    )
    assert response.status_code == 403
    assert refreshed(good).grade == AppraisalGrade.UNQUALIFIED
    assert (
        "veto-form"
        not in login(users["leader"])
        .get(reverse("assessment:appraisal_detail", args=[good.pk]))
        .content.decode()
    )


def test_bad_input_is_refused_naming_the_field(good, case, users, login):
    client = login(users["inspector"])
    response = client.post(
        reverse("assessment:veto_record", args=[good.pk]), {"rule": case.pk, "facts": "  "}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{_('Facts')}：" in body and not AppraisalVeto.objects.exists()

    case.is_active = False
    case.save()
    with pytest.raises(ValidationError) as error:
        record(good, case, users["inspector"])
    assert "rule" in error.value.message_dict

    veto = record(good, VetoRule.objects.get(name="拒不整改"), users["inspector"])
    client.post(reverse("assessment:veto_withdraw", args=[veto.pk]), {"reason": ""})
    page = client.get(reverse("assessment:appraisal_detail", args=[good.pk])).content.decode()
    assert f"{_('Reason for withdrawal')}：" in page
    assert refreshed(good).grade == AppraisalGrade.UNQUALIFIED


def test_the_page_records_a_veto_with_evidence_that_only_discipline_staff_read(
    good, case, users, login
):
    client = login(users["inspector"])
    evidence = SimpleUploadedFile("立案决定书.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(
        reverse("assessment:veto_record", args=[good.pk]),
        {"rule": case.pk, "facts": "立案审查", "evidence": evidence},
    )
    assert response.status_code == 302
    veto = AppraisalVeto.objects.get()
    assert veto.recorded_by == users["inspector"] and veto.evidence_name == "立案决定书.pdf"
    url = reverse("assessment:veto_evidence", args=[veto.pk])
    assert client.get(url).status_code == 200
    assert login(users["leader"]).get(url).status_code == 403


def test_the_grade_agrees_everywhere_it_is_shown(good, case, users, login):
    record(good, case, users["inspector"])
    client = login(users["inspector"])

    export = client.get(reverse("assessment:appraisal_export"))
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["最终得分"] == 83.5 and cells["按得分等次"] == "良好"
    assert cells["一票否决"] == "发生严重违纪违法案件" and cells["等次"] == "不合格"
    assert cells["评先评优"] == "不得参加评先评优"
    listing = client.get(reverse("assessment:appraisal_list")).content.decode()
    assert "不合格" in listing and "不得参加评先评优" in listing


def test_the_results_list_takes_a_fixed_number_of_queries(
    org, case, users, client, django_assert_max_num_queries
):
    client.force_login(users["inspector"])
    url = reverse("assessment:appraisal_list")

    def add_units(count: int, start: int) -> None:
        for n in range(start, start + count):
            unit = Unit.objects.create(
                code=f"U{n}", name=f"单位{n}", kind=UnitKind.ORGAN, parent=org.district
            )
            appraisal = service.appraisal_open(unit=unit, year=2026, by=users["inspector"])
            record(appraisal, case, users["inspector"])

    add_units(2, 0)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    add_units(8, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("不得参加评先评优") == 10
