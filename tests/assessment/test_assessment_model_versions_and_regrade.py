"""Model versions: edit a new version, freeze approved ones, regrade the register in bulk."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.choices import RegradeStatus
from assessment.grading import grading_model_copy, grading_model_make_current, point_grade
from assessment.models import FactorOption, GradingModel, MatrixCell, PointGrading, RegradeRun
from assessment.regrade import regrade_start
from registry.choices import RiskPointStatus


@pytest.fixture
def superuser(db):
    from tests.conftest import make_user

    return make_user("root", superuser=True)


def test_a_version_with_approved_grades_is_frozen(users, make_point, answers, model):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    point.status = RiskPointStatus.ACTIVE
    point.save()

    cell = MatrixCell.objects.get(grading_model=model, likelihood=2, harm=2)
    cell.level = 1
    with pytest.raises(ValidationError):
        cell.save()
    model.refresh_from_db()
    assert model.frozen_at is not None


def test_a_new_version_copies_everything_and_stays_editable(model, superuser):
    copy = grading_model_copy(model=model, by=superuser)
    assert copy.version == 2 and not copy.is_current
    assert copy.factors.count() == model.factors.count() == 8
    assert FactorOption.objects.filter(factor__grading_model=copy).count() == 24
    assert copy.cells.count() == 9 and copy.bands.count() == 6


def test_only_admins_of_the_district_manage_versions(model, users, login):
    response = login(users["leader"]).post(reverse("assessment:model_copy", args=[model.pk]))
    assert response.status_code == 403
    response = login(users["admin"]).post(reverse("assessment:model_copy", args=[model.pk]))
    assert response.status_code == 302


def test_bulk_regrade_after_a_change(users, make_point, answers, model, run_on_commit):
    points = [make_point(name=f"p{i}") for i in range(6)]
    for point in points:
        point_grade(point=point, option_ids=answers(2), by=users["staff"])
    # Medium × medium now counts as level 1 in this (unfrozen) version.
    MatrixCell.objects.filter(grading_model=model, likelihood=2, harm=2).update(level=1)

    run = run_on_commit(regrade_start, model=model, year=None, by=users["admin"])

    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.changed) == (RegradeStatus.DONE, 6, 6, 6)
    for point in points:
        point.refresh_from_db()
        assert point.level == 1
        assert point.history.first().history_user == users["admin"]
    assert PointGrading.objects.filter(computed_level=1).count() == 6


def test_regrade_moves_a_years_gradings_onto_a_new_version(
    users, make_point, answers, model, superuser, run_on_commit
):
    point = make_point(year=2026)
    point_grade(point=point, option_ids=answers(3), by=users["staff"])
    copy = grading_model_copy(model=model, by=superuser)
    FactorOption.objects.filter(
        factor__grading_model=copy, factor__code="frequency", code="regular"
    ).update(score=6)
    grading_model_make_current(model=copy, by=superuser)

    run = run_on_commit(regrade_start, model=copy, year=2026, by=superuser)

    run.refresh_from_db()
    point.refresh_from_db()
    assert run.done == 1 and point.level == 2
    assert point.grading.grading_model == copy
    assert set(point.grading.answers.values_list("factor__grading_model", flat=True)) == {copy.pk}


def test_a_frozen_version_is_not_regraded(users, make_point, answers, model):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    point.__class__.objects.filter(pk=point.pk).update(status=RiskPointStatus.ON_NOTICE)
    with pytest.raises(ValidationError):
        regrade_start(model=model, year=None, by=users["admin"])


def test_the_progress_page(users, model, login):
    run = RegradeRun.objects.create(
        grading_model=model, started_by=users["admin"], total=10, done=4
    )
    body = (
        login(users["admin"])
        .get(reverse("assessment:regrade_detail", args=[run.pk]))
        .content.decode()
    )
    assert 'value="40"' in body
    assert (
        login(users["staff"]).get(reverse("assessment:regrade_detail", args=[run.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("count", [4, 40])
def test_regrade_queries_do_not_grow_with_the_points(
    users,
    make_point,
    answers,
    model,
    count,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    for i in range(count):
        point_grade(point=make_point(name=f"q{i}"), option_ids=answers(2), by=users["staff"])
    MatrixCell.objects.filter(grading_model=model, likelihood=2, harm=2).update(level=1)
    from assessment.regrade import regrade_run

    run = RegradeRun.objects.create(grading_model=model, started_by=users["admin"])
    with django_assert_max_num_queries(30):
        regrade_run(run=run)
    assert GradingModel.objects.get(pk=model.pk).frozen_at is None
