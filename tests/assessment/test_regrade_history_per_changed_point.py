"""A bulk regrade leaves exactly one history row per regraded grading and one per point
whose level changed, holding the values the rows now have, by the admin who started it."""

from assessment.grading import point_grade
from assessment.models import MatrixCell, PointGrading, RegradeRun
from assessment.regrade import regrade_run
from registry.models import RiskPoint


def test_one_history_row_per_changed_point_with_its_new_level(users, make_point, answers, model):
    moving = [make_point(name=f"中{i}") for i in range(3)]
    staying = [make_point(name=f"低{i}") for i in range(2)]
    for point in moving:
        point_grade(point=point, option_ids=answers(2), by=users["staff"])
    for point in staying:
        point_grade(point=point, option_ids=answers(3), by=users["staff"])
    MatrixCell.objects.filter(grading_model=model, likelihood=2, harm=2).update(level=1)
    before = {p.pk: p.history.count() for p in moving + staying}

    outcome = regrade_run(
        run=RegradeRun.objects.create(grading_model=model, started_by=users["admin"])
    )

    assert (outcome.done, outcome.changed) == (5, 3)
    for point in moving:
        point.refresh_from_db()
        assert point.level == 1
        assert point.history.count() == before[point.pk] + 1
        latest = point.history.latest("history_date")
        assert (latest.level, latest.history_user, latest.name) == (1, users["admin"], point.name)
    for point in staying:
        assert point.history.count() == before[point.pk]  # nothing changed, nothing written
        assert RiskPoint.objects.get(pk=point.pk).level == 3


def test_every_regraded_grading_gets_one_history_row_as_it_now_is(
    users, make_point, answers, model
):
    points = [make_point(name=f"点{i}") for i in range(3)]
    for point in points:
        point_grade(point=point, option_ids=answers(2), by=users["staff"])
    MatrixCell.objects.filter(grading_model=model, likelihood=2, harm=2).update(level=1)
    gradings = PointGrading.objects.filter(point__in=points)
    before = {g.pk: g.history.count() for g in gradings}

    regrade_run(run=RegradeRun.objects.create(grading_model=model, started_by=users["admin"]))

    for grading in PointGrading.objects.filter(point__in=points):
        assert grading.history.count() == before[grading.pk] + 1
        latest = grading.history.latest("history_date")
        assert latest.history_user == users["admin"]
        assert latest.computed_level == grading.computed_level == 1
        assert latest.graded_at == grading.graded_at
        assert latest.answer_summary == grading.answer_summary != []
