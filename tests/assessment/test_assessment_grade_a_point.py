"""Recording factor answers on a risk point: the level follows, the page shows why."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment.grading import point_grade
from assessment.models import PointGrading
from registry.choices import RiskPointStatus


def url(point) -> str:
    return reverse("assessment:point_grading", args=[point.pk])


def form_data(answers, model, profile) -> dict:
    ids = answers(profile)
    codes = {o.pk: o.factor.code for f in model.factors.all() for o in f.options.all()}
    return {codes[i]: str(i) for i in ids}


def test_the_filler_records_factors_and_the_level_follows(users, make_point, login, answers, model):
    point = make_point(level=3)

    response = login(users["staff"]).post(url(point), form_data(answers, model, 1))

    assert response.status_code == 302
    point.refresh_from_db()
    assert point.level == 1
    latest = point.history.first()
    assert latest.level == 1 and latest.history_user == users["staff"]


def test_the_page_shows_factors_scores_and_the_matrix_cell(users, make_point, login, answers):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])

    body = login(users["inspector"]).get(url(point)).content.decode()

    assert "采购" in body and "10万至100万元" in body  # an answer and its label
    assert 'id="likelihood-score">3 ' in body and 'id="harm-score">3 ' in body
    assert 'class="chosen" data-cell="2-2"' in body
    assert 'id="grading-form"' not in body  # the inspector reads, does not fill


def test_changing_factors_regrades_and_keeps_history(users, make_point, answers):
    point = make_point()
    point_grade(point=point, option_ids=answers(3), by=users["staff"])
    point_grade(
        point=point, option_ids=answers(3, major_matter="yes", money="large"), by=users["depthead"]
    )

    point.refresh_from_db()
    grading = PointGrading.objects.get(point=point)
    assert point.level == 2 and grading.computed_level == 2
    assert [h.computed_level for h in grading.history.all()] == [2, 3]
    assert "“三重一大”事项: 直接决定 (4)" in grading.history.first().answer_summary
    assert grading.history.first().history_user == users["depthead"]


def test_an_incomplete_answer_sheet_names_the_factor_and_saves_nothing(
    users, make_point, login, answers, model
):
    point = make_point(level=2)
    data = form_data(answers, model, 1)
    del data["exposure"]

    response = login(users["staff"]).post(url(point), data)

    assert response.status_code == 200
    assert _("Choose an answer for this factor.") in response.content.decode()
    point.refresh_from_db()
    assert point.level == 2 and not PointGrading.objects.filter(point=point).exists()


def test_out_of_scope_is_404_and_readers_may_not_post(users, make_point, login, answers, model):
    point = make_point()
    assert login(users["taxhead"]).get(url(point)).status_code == 404
    assert login(users["nobody"]).get(url(point)).status_code == 404
    response = login(users["auditor"]).post(url(point), form_data(answers, model, 1))
    assert response.status_code == 403


def test_an_approved_point_is_graded_only_through_a_revision(users, make_point, answers):
    point = make_point(status=RiskPointStatus.ACTIVE)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        point_grade(point=point, option_ids=answers(1), by=users["depthead"])


def test_a_revision_carries_the_grading_and_brings_it_back(users, make_point, answers):
    from registry.workflow import _replace_original, open_revision

    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    point.status = RiskPointStatus.ACTIVE
    point.save()

    revision = open_revision(point=point, by=users["staff"])
    assert revision.grading.computed_level == 2
    point_grade(point=revision, option_ids=answers(1), by=users["staff"])
    _replace_original(revision)

    point = point.__class__.objects.get(pk=point.pk)
    assert point.level == 1 and point.grading.computed_level == 1
