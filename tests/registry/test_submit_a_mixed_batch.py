"""Submitting a department's point with a unit-level point: each point's handlers hear of it."""

from registry.models import Notification
from registry.workflow import risk_list_for, transition_points


def test_each_point_notifies_its_own_next_handlers(
    make_point, users, org, django_capture_on_commit_callbacks
):
    department_point = make_point(name="采购需求量身定制", code="M-1")
    unit_point = make_point(post=None, scope="unit", name="三重一大决策不规范", code="M-2")
    with django_capture_on_commit_callbacks(execute=True):
        transition_points(
            name="submit",
            point_ids=[department_point.pk, unit_point.pk],
            risk_list=risk_list_for(department_point),
            by=users["admin"],
            expected_version=None,
        )
    received = {n.recipient.username: n.body for n in Notification.objects.all()}
    # The department head signs the department's point only; the unit's own
    # point goes straight to whoever approves for the unit.
    assert received["depthead"] == "采购需求量身定制"
    assert received["leader"] == "三重一大决策不规范"
    assert received["group"] == "三重一大决策不规范"
    assert "admin" not in received and "incharge" not in received
