"""Every change to a power and what hangs off it is in its history, with the user."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_history_shows_who_changed_steps_bands_and_fields(
    org, users, login, make_power, make_point
):
    power = make_power("CZ-1", name="旧名称")
    admin = login(users["admin"])
    admin.post(
        reverse("powers:power_edit", args=[power.pk]),
        {
            "unit": org.finance.pk,
            "code": "CZ-1",
            "name": "新名称",
            "category": power.category_id,
            "status": "in_force",
        },
    )
    admin.post(reverse("powers:steps_edit", args=[power.pk]), {"name": "受理审查"})
    point = make_point(name="受理环节吃拿卡要")
    step = power.steps.get()
    admin.post(
        reverse("powers:step_edit", args=[power.pk, step.pk]),
        {"name": "受理审查", "risk_points": [point.pk]},
    )
    admin.post(
        reverse("powers:bands_edit", args=[power.pk]),
        {"tier": 1, "grade": 1, "facts": "轻微", "measure": "警告"},
    )

    response = login(users["auditor"]).get(reverse("powers:power_history", args=[power.pk]))
    entries = response.context["entries"]
    labels = [entry.object_label for entry in entries]
    assert any("受理环节吃拿卡要" in label for label in labels)
    renamed = next(e for e in entries if e.changes and e.object_label == "新名称")
    assert (renamed.changes[0].old, renamed.changes[0].new) == ("旧名称", "新名称")
    assert {entry.user for entry in entries if entry.object_label != "旧名称"} == {users["admin"]}


def test_history_is_for_history_readers_only(users, login, make_power):
    power = make_power("CZ-1")
    url = reverse("powers:power_history", args=[power.pk])
    assert login(users["leader"]).get(url).status_code == 403
    assert login(users["taxhead"]).get(url).status_code == 404
