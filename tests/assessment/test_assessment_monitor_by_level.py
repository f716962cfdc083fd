"""Monitors follow the level, the organisation and the roles, and follow rotations."""

import datetime

import pytest
from django.urls import reverse

from assessment.choices import MonitorBasis as B
from assessment.models import MonitorAssignment
from assessment.monitoring import monitors_resolve
from registry.choices import Role
from registry.models import Person, PostTenure, RiskPoint, RoleAssignment
from registry.services import role_grant, role_revoke
from tests.conftest import make_user


def monitors(point) -> set[tuple]:
    rows = MonitorAssignment.objects.filter(point=point)
    return {(r.basis, r.user.username if r.user else None) for r in rows.select_related("user")}


def resolve(*points) -> None:
    monitors_resolve(points=RiskPoint.objects.filter(pk__in=[p.pk for p in points]))


def test_each_level_has_its_monitors(users, make_point, org):
    level1, level2, level3 = (make_point(level=n, name=f"L{n}") for n in (1, 2, 3))
    leadership = make_point(post=None, level=3, name="班子")
    resolve(level1, level2, level3, leadership)

    assert monitors(level1) == {(B.UNIT_LEADER, "leader"), (B.INSPECTOR, "inspector")}
    assert monitors(level2) == {(B.LEADER_IN_CHARGE, "incharge")}
    assert monitors(level3) == {(B.DEPARTMENT_HEAD, "depthead")}
    assert monitors(leadership) == {(B.UNIT_LEADER, "leader")}


def test_a_vacant_role_is_a_listed_problem(users, make_point, org, login):
    point = make_point(post=org.budget_clerk, level=2, name="预算追加随意")
    sub_unit_point = make_point(post=None, unit=org.treasury, level=1, name="国库资金调度")
    resolve(point, sub_unit_point)

    assert monitors(point) == {(B.LEADER_IN_CHARGE, None)}
    # The treasury has no main leader of its own; the district's inspectors still cover it.
    assert monitors(sub_unit_point) == {(B.UNIT_LEADER, None), (B.INSPECTOR, "inspector")}
    body = login(users["inspector"]).get(reverse("assessment:monitoring_problems")).content.decode()
    assert "预算科" in body and "国库支付中心" in body


def test_a_rotation_moves_the_monitoring(users, make_point, org, run_on_commit):
    point = run_on_commit(make_point, level=3)
    assert monitors(point) == {(B.DEPARTMENT_HEAD, "depthead")}
    successor = make_user("newhead")

    old = RoleAssignment.objects.get(user=users["depthead"], role=Role.DEPARTMENT_HEAD)
    run_on_commit(role_revoke, assignment=old, by=users["admin"])
    assert monitors(point) == {(B.DEPARTMENT_HEAD, None)}
    run_on_commit(
        role_grant,
        user=successor,
        role=Role.DEPARTMENT_HEAD,
        unit=org.finance,
        departments=[org.procurement],
        by=users["admin"],
    )
    assert monitors(point) == {(B.DEPARTMENT_HEAD, "newhead")}


def test_leaving_every_post_ends_the_monitoring(users, make_point, org, run_on_commit):
    point = run_on_commit(make_point, level=2)
    person = Person.objects.create(unit=org.finance, name="罗分管", user=users["incharge"])
    tenure = run_on_commit(
        PostTenure.objects.create,
        person=person,
        post=org.director,
        start_date=datetime.date(2024, 1, 1),
    )
    assert monitors(point) == {(B.LEADER_IN_CHARGE, "incharge")}

    tenure.end_date = datetime.date(2025, 1, 31)
    run_on_commit(tenure.save)
    assert monitors(point) == {(B.LEADER_IN_CHARGE, None)}


def test_a_level_change_changes_the_monitor(users, make_point, run_on_commit):
    point = run_on_commit(make_point, level=3)
    point.level = 1
    run_on_commit(point.save)
    assert monitors(point) == {(B.UNIT_LEADER, "leader"), (B.INSPECTOR, "inspector")}


def test_my_monitoring_list(users, make_point, login, org):
    mine = [make_point(level=2, name=f"采购{i}") for i in range(3)]
    others = make_point(level=3, name="部门负责人的点")
    resolve(*mine, others)

    response = login(users["incharge"]).get(reverse("assessment:my_monitoring"))
    body = response.content.decode()
    assert all(p.name in body for p in mine) and others.name not in body
    response = login(users["incharge"]).get(reverse("assessment:my_monitoring"), {"level": "1"})
    assert "采购0" not in response.content.decode()


@pytest.mark.parametrize("count", [5, 25])
def test_resolution_takes_a_fixed_number_of_queries(
    users, make_point, count, django_assert_max_num_queries
):
    points = [make_point(level=1 + i % 3, name=f"P{i}") for i in range(count)]
    with django_assert_max_num_queries(9):
        resolve(*points)
