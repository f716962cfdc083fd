"""The annual appraisal: one-time anonymous links, the checklist, thresholds, publication."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment import appraisal as service
from assessment.choices import AppraisalGrade, Rating
from assessment.models import (
    AppraisalLink,
    ChecklistItem,
    GradeThreshold,
    RectificationNotice,
    SurveyQuestion,
    SurveyResponse,
)
from registry.models import Notification


@pytest.fixture
def appraisal(users, org):
    return service.appraisal_open(unit=org.finance, year=2026, by=users["inspector"])


def all_rated(rating: int) -> dict:
    return {f"q{q.pk}": str(rating) for q in SurveyQuestion.objects.filter(is_active=True)}


def survey_url(token: str) -> str:
    return reverse("assessment:survey", args=[token])


def test_a_link_works_once_and_leaves_no_trace_of_who_answered(appraisal, users, client):
    [token] = service.links_issue(appraisal=appraisal, kind="staff", count=1, by=users["inspector"])

    assert client.get(survey_url(token)).status_code == 200
    response = client.post(survey_url(token), all_rated(Rating.GOOD))
    assert response.status_code == 200 and 'id="survey-thanks"' in response.content.decode()

    again = client.post(survey_url(token), all_rated(Rating.POOR))
    assert again.status_code == 404
    assert SurveyResponse.objects.filter(appraisal=appraisal).count() == 1
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"link", "user", "created_at", "submitted_at"}


def test_tokens_are_random_and_only_their_hash_is_stored(appraisal, users):
    tokens = service.links_issue(
        appraisal=appraisal, kind="service_user", count=50, by=users["inspector"]
    )
    assert len(set(tokens)) == 50 and all(len(t) >= 32 for t in tokens)
    stored = set(AppraisalLink.objects.values_list("token_hash", flat=True))
    assert not stored & set(tokens)
    assert service.hash_token(tokens[0]) in stored


def test_a_guessed_or_stored_value_does_not_open_the_survey(appraisal, users, client):
    service.links_issue(appraisal=appraisal, kind="staff", count=1, by=users["inspector"])
    stored_hash = AppraisalLink.objects.get().token_hash
    assert client.get(survey_url("not-a-real-token")).status_code == 404
    assert client.get(survey_url(stored_hash)).status_code == 404
    with pytest.raises(ValidationError):
        service.survey_submit(token=stored_hash, ratings={})


def test_an_unanswered_question_spends_nothing(appraisal, users, client):
    [token] = service.links_issue(appraisal=appraisal, kind="staff", count=1, by=users["inspector"])
    data = all_rated(Rating.GOOD)
    data.popitem()
    response = client.post(survey_url(token), data)
    assert _("Rate this question.") in response.content.decode()
    assert not AppraisalLink.objects.get().used


def test_participation_rate_is_shown(appraisal, users, login):
    tokens = service.links_issue(appraisal=appraisal, kind="staff", count=4, by=users["inspector"])
    ratings = {q.pk: Rating.GOOD for q in SurveyQuestion.objects.all()}
    service.survey_submit(token=tokens[0], ratings=ratings)
    assert service.participation(appraisal) == {"issued": 4, "used": 1, "rate": 25.0}
    body = (
        login(users["leader"])
        .get(reverse("assessment:appraisal_detail", args=[appraisal.pk]))
        .content.decode()
    )
    assert "25.0%" in body


def test_links_are_shown_once_to_the_assessor(appraisal, users, login):
    client = login(users["inspector"])
    client.post(
        reverse("assessment:issue_links", args=[appraisal.pk]), {"kind": "staff", "count": "3"}
    )
    first = client.get(reverse("assessment:appraisal_detail", args=[appraisal.pk])).content.decode()
    second = client.get(
        reverse("assessment:appraisal_detail", args=[appraisal.pk])
    ).content.decode()
    assert first.count("/assessment/survey/") == 3 and "/assessment/survey/" not in second


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "excellent"),
        ("90.00", "excellent"),
        ("89.99", "good"),
        ("80", "good"),
        ("79.99", "qualified"),
        ("60", "qualified"),
        ("59.99", "unqualified"),
        ("0", "unqualified"),
    ],
)
def test_grade_thresholds(db, score, grade):
    assert service.grade_for(Decimal(score)) == grade


def test_thresholds_are_data(db):
    GradeThreshold.objects.filter(grade=AppraisalGrade.EXCELLENT).update(min_score=95)
    assert service.grade_for(Decimal("92")) == AppraisalGrade.GOOD


def score_all(appraisal, by, value) -> None:
    scores = {item.pk: (Decimal(value), "") for item in ChecklistItem.objects.all()}
    service.checklist_score(appraisal=appraisal, scores=scores, by=by)


def answer(appraisal, by, rating, count=1) -> None:
    for token in service.links_issue(appraisal=appraisal, kind="staff", count=count, by=by):
        service.survey_submit(
            token=token, ratings={q.pk: rating for q in SurveyQuestion.objects.all()}
        )


def test_publishing_computes_the_weighted_final_score(appraisal, users, run_on_commit):
    answer(appraisal, users["inspector"], Rating.FAIRLY_GOOD)  # democratic 80
    score_all(appraisal, users["inspector"], "95")  # team 95

    published = run_on_commit(service.appraisal_publish, appraisal=appraisal, by=users["inspector"])

    assert published.final_score == Decimal("90.50")  # 80 × 30% + 95 × 70%
    assert published.grade == AppraisalGrade.EXCELLENT and published.is_published
    assert Notification.objects.filter(recipient=users["leader"]).exists()


def test_an_unqualified_unit_gets_a_rectification_notice(appraisal, users):
    answer(appraisal, users["inspector"], Rating.AVERAGE)
    score_all(appraisal, users["inspector"], "50")
    with pytest.raises(ValidationError) as error:
        service.appraisal_publish(appraisal=appraisal, by=users["inspector"])
    assert "deadline" in error.value.message_dict
    assert not RectificationNotice.objects.exists()

    deadline = datetime.date.today() + datetime.timedelta(days=60)
    service.appraisal_publish(
        appraisal=appraisal, by=users["inspector"], deadline=deadline, notice_text="补齐台账"
    )

    notice = RectificationNotice.objects.get()
    assert (notice.unit, notice.year, notice.deadline, notice.adopted_at) == (
        appraisal.unit,
        2026,
        deadline,
        None,
    )
    assert notice.issued_by == users["inspector"]


def test_publishing_needs_every_item_and_a_response(appraisal, users):
    with pytest.raises(ValidationError) as error:
        service.appraisal_publish(appraisal=appraisal, by=users["inspector"])
    assert len(error.value.messages) == 2


def test_only_the_assessment_team_scores_and_publishes(appraisal, users, login):
    with pytest.raises(PermissionDenied):
        score_all(appraisal, users["leader"], "100")
    assert (
        login(users["leader"]).get(reverse("assessment:checklist", args=[appraisal.pk])).status_code
        == 403
    )
    assert (
        login(users["taxhead"])
        .get(reverse("assessment:appraisal_detail", args=[appraisal.pk]))
        .status_code
        == 404
    )


def test_the_unit_writes_its_self_examination_report_with_attachments(appraisal, users, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(users["leader"])
    upload = SimpleUploadedFile(
        "自查报告附件.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    response = client.post(
        reverse("assessment:self_report", args=[appraisal.pk]),
        {"self_report": "我局全面开展廉政风险自查。", "attachments": [upload]},
    )
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.self_report.startswith("我局") and appraisal.attachments.count() == 1
    download = client.get(reverse("assessment:attachment", args=[appraisal.attachments.get().pk]))
    assert download.status_code == 200
