"""A graded point's level changes only by grading or by an override with a reason
(issue 12, finding 4): not in the ordinary edit form, and approval checks it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.grading import point_grade, point_override
from registry.choices import RiskPointStatus as S
from registry.models import RiskPoint
from registry.services import risk_point_save
from registry.workflow import risk_list_for, transition_points
from tests.registry.ledger_support import ledger, run
from tests.registry.test_edit_risk_point import form_data


@pytest.fixture
def level_one(users, make_point, answers):
    """A post point whose recorded factors give level 1."""
    point = make_point(level=2)
    point_grade(point=point, option_ids=answers(1), by=users["staff"])
    point.refresh_from_db()
    assert point.level == 1
    return point


def edit_data(org, point) -> dict:
    data = form_data(org, name=point.name, code="CZ-200", level=3)
    data.update({"measures-TOTAL_FORMS": 0})
    return data


def test_the_edit_form_does_not_carry_the_level_of_a_graded_point(level_one, users, org, login):
    client = login(users["staff"])
    url = reverse("registry:riskpoint_edit", args=[level_one.pk])
    page = client.get(url)
    assert "level" not in page.context["form"].fields
    assert 'id="graded-level"' in page.content.decode()
    response = client.post(url, edit_data(org, level_one))
    assert response.status_code == 302
    assert RiskPoint.objects.get(pk=level_one.pk).level == 1


def test_the_service_refuses_a_hand_set_level(level_one, users):
    level_one.level = 3
    with pytest.raises(ValidationError, match=level_one.name):
        risk_point_save(risk_point=level_one, measures=[], removed_measures=[], by=users["staff"])
    assert RiskPoint.objects.get(pk=level_one.pk).level == 1


def approve(point, users):
    return transition_points(
        name="approve",
        point_ids=[point.pk],
        risk_list=risk_list_for(point),
        by=users["leader"],
        expected_version=None,
    )


def test_approval_refuses_a_level_that_differs_from_the_grading(level_one, users):
    # The level set behind the grading's back (as the old edit form allowed).
    RiskPoint.objects.filter(pk=level_one.pk).update(level=3, status=S.LEADER_REVIEWED)
    with pytest.raises(ValidationError) as error:
        approve(level_one, users)
    assert level_one.name in str(error.value) and "评级" in str(error.value)
    assert RiskPoint.objects.get(pk=level_one.pk).status == S.LEADER_REVIEWED


def test_an_override_with_a_reason_lets_the_main_leader_approve(level_one, users):
    point_override(point=level_one, level=3, reason="金额小，频次低", by=users["incharge"])
    RiskPoint.objects.filter(pk=level_one.pk).update(status=S.LEADER_REVIEWED)
    approve(level_one, users)
    assert RiskPoint.objects.get(pk=level_one.pk).status == S.ON_NOTICE


def test_an_import_does_not_change_the_level_of_a_graded_point(level_one, users):
    row = [
        1,
        "区财政局",
        "政府采购科",
        "采购经办岗",
        level_one.name,
        "岗位职责风险",
        "三级",
        "措施",
    ]
    result = run(ledger([row]), by=users["admin"])
    assert not result.ok and result.errors[0].column == "风险等级"
    assert RiskPoint.objects.get(pk=level_one.pk).level == 1
