"""A manual override needs a reason and a role above the filler; it is flagged and listed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment.grading import point_grade, point_override


@pytest.fixture
def graded(users, make_point, answers):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    return point


def override_url(point) -> str:
    return reverse("assessment:point_override", args=[point.pk])


def test_the_leader_in_charge_overrides_with_a_reason(graded, users, login):
    response = login(users["incharge"]).post(
        override_url(graded), {"level": "1", "reason": "涉及年度集中采购，金额大"}
    )

    assert response.status_code == 302
    graded.refresh_from_db()
    assert graded.level == 1
    assert graded.history.first().history_user == users["incharge"]
    page = login(users["incharge"]).get(reverse("assessment:point_grading", args=[graded.pk]))
    body = page.content.decode()
    assert 'id="override-flag"' in body and "涉及年度集中采购" in body


@pytest.mark.parametrize("who", ["staff", "depthead", "auditor", "inspector"])
def test_fillers_and_readers_may_not_override(graded, users, login, who):
    response = login(users[who]).post(override_url(graded), {"level": "1", "reason": "想调高"})
    assert response.status_code == 403
    graded.refresh_from_db()
    assert graded.level == 2


def test_out_of_scope_override_is_404(graded, users, login):
    response = login(users["taxhead"]).post(override_url(graded), {"level": "1", "reason": "x"})
    assert response.status_code == 404


def test_a_reason_is_required(graded, users):
    with pytest.raises(ValidationError) as error:
        point_override(point=graded, level=1, reason="  ", by=users["leader"])
    assert _("Give the reason for the override.") in str(error.value)
    graded.refresh_from_db()
    assert graded.level == 2


def test_the_service_checks_the_role_too(graded, users):
    with pytest.raises(PermissionDenied):
        point_override(point=graded, level=3, reason="降级", by=users["depthead"])


def test_clearing_returns_to_the_computed_level(graded, users):
    point_override(point=graded, level=1, reason="集体研究调高", by=users["leader"])
    point_override(point=graded, level=None, reason="恢复计算结果", by=users["leader"])
    graded.refresh_from_db()
    assert graded.level == 2 and not graded.grading.is_overridden


def test_the_register_lists_overridden_grades_in_scope(
    graded, users, login, make_point, org, answers
):
    point_override(point=graded, level=1, reason="金额超过100万元", by=users["group"])
    other = make_point(post=org.tax_inspector, name="稽查选案随意")

    body = login(users["inspector"]).get(reverse("assessment:override_list")).content.decode()
    assert "金额超过100万元" in body and graded.name in body and other.name not in body
    body = login(users["taxhead"]).get(reverse("assessment:override_list")).content.decode()
    assert "金额超过100万元" not in body


def test_factor_changes_keep_the_override(graded, users, answers):
    point_override(point=graded, level=1, reason="集体研究调高", by=users["leader"])
    point_grade(point=graded, option_ids=answers(3), by=users["staff"])
    graded.refresh_from_db()
    assert graded.level == 1 and graded.grading.computed_level == 3
