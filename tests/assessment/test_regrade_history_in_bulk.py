"""A bulk regrade writes its history in bulk (COPY on PostgreSQL), and the auditors'
change log still shows each point's new level with who changed it and why."""

from assessment.grading import grading_model_copy, grading_model_make_current, point_grade
from assessment.models import FactorOption, MatrixCell, PointGrading, RegradeRun
from assessment.regrade import regrade_run
from registry.choices import RiskLevel
from registry.history import object_history
from tests.conftest import make_user


def test_the_change_log_shows_the_regraded_level_with_who_and_why(
    users, make_point, answers, model
):
    points = [make_point(name=f"点{i}") for i in range(3)]
    for point in points:
        point_grade(point=point, option_ids=answers(2), by=users["staff"])
    MatrixCell.objects.filter(grading_model=model, likelihood=2, harm=2).update(level=1)

    regrade_run(run=RegradeRun.objects.create(grading_model=model, started_by=users["admin"]))

    for point in points:
        latest = object_history(viewer=users["auditor"], model_key="riskpoint", pk=point.pk)[0]
        assert latest.record.history_type == "~"
        assert latest.record.history_user == users["admin"]
        assert str(model) in latest.record.history_change_reason
        levels = {c.label: (c.old, c.new) for c in latest.changes}
        assert levels[str(point._meta.get_field("level").verbose_name)] == (
            str(RiskLevel(2).label),
            str(RiskLevel(1).label),
        )
        grading = object_history(
            viewer=users["auditor"], model_key="pointgrading", pk=point.grading.pk
        )[0]
        assert (grading.record.history_user, grading.record.computed_level) == (users["admin"], 1)


def test_moved_answers_are_the_new_versions_options(users, make_point, answers, model):
    superuser = make_user("root", superuser=True)
    points = [make_point(name=f"点{i}", year=2026) for i in range(3)]
    for point in points:
        point_grade(point=point, option_ids=answers(3), by=users["staff"])
    before = {
        p.grading.pk: sorted(p.grading.answers.values_list("factor__code", "code")) for p in points
    }
    copy = grading_model_copy(model=model, by=superuser)
    grading_model_make_current(model=copy, by=superuser)

    regrade_run(run=RegradeRun.objects.create(grading_model=copy, started_by=superuser), year=2026)

    Through = PointGrading.answers.through
    for pk, codes in before.items():
        options = FactorOption.objects.filter(
            pk__in=Through.objects.filter(pointgrading_id=pk).values("factoroption_id")
        )
        assert set(options.values_list("factor__grading_model", flat=True)) == {copy.pk}
        assert sorted(options.values_list("factor__code", "code")) == codes
