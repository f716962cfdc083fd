"""Editing a power's process flow, and the SVG chart drawn from it."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from powers.models import FlowStep, StepRisk

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _orders(power) -> list[tuple[int, str]]:
    return list(power.steps.order_by("order").values_list("order", "name"))


def test_added_steps_are_numbered_in_order(org, users, login, make_power):
    power = make_power("CZ-1")
    client = login(users["admin"])
    for name in ["受理", "审核", "审批"]:
        response = client.post(
            reverse("powers:steps_edit", args=[power.pk]),
            {"name": name, "post": org.buyer.pk, "time_limit": "2个工作日"},
        )
        assert response.status_code == 302
    assert _orders(power) == [(1, "受理"), (2, "审核"), (3, "审批")]
    assert FlowStep.history.filter(power_id=power.pk).first().history_user == users["admin"]


def test_steps_move_up_and_down(org, users, login, make_power):
    power = make_power("CZ-1", steps=["受理", "审核", "审批"])
    client = login(users["admin"])
    review = power.steps.get(name="审核")
    client.post(reverse("powers:step_move", args=[power.pk, review.pk]), {"direction": "up"})
    assert _orders(power) == [(1, "审核"), (2, "受理"), (3, "审批")]
    client.post(reverse("powers:step_move", args=[power.pk, review.pk]), {"direction": "up"})
    assert _orders(power) == [(1, "审核"), (2, "受理"), (3, "审批")], "the first stays first"
    client.post(reverse("powers:step_move", args=[power.pk, review.pk]), {"direction": "down"})
    client.post(reverse("powers:step_move", args=[power.pk, review.pk]), {"direction": "down"})
    assert _orders(power) == [(1, "受理"), (2, "审批"), (3, "审核")]


def test_removing_a_step_closes_the_gap(org, users, login, make_power, make_point, mark):
    power = make_power("CZ-1", steps=["受理", "审核", "审批", "送达"])
    mark(power, 2, make_point())
    client = login(users["admin"])
    client.post(reverse("powers:step_remove", args=[power.pk, power.steps.get(order=2).pk]))
    assert _orders(power) == [(1, "受理"), (2, "审批"), (3, "送达")]
    assert not StepRisk.objects.exists()


def test_risk_points_are_put_on_a_step(org, users, login, make_power, make_point):
    power = make_power("CZ-1", steps=["受理", "审核"])
    point = make_point(level=1)
    step = power.steps.get(order=2)
    client = login(users["admin"])
    response = client.post(
        reverse("powers:step_edit", args=[power.pk, step.pk]),
        {"name": "审核", "risk_points": [point.pk]},
    )
    assert response.status_code == 302
    assert list(step.risk_points.all()) == [point]


def test_a_risk_point_of_another_unit_is_not_offered(org, users, login, make_power, make_point):
    power = make_power("CZ-1", steps=["受理"])
    foreign = make_point(post=org.tax_inspector, department=org.inspection)
    step = power.steps.get()
    response = login(users["admin"]).post(
        reverse("powers:step_edit", args=[power.pk, step.pk]),
        {"name": "受理", "risk_points": [foreign.pk]},
    )
    assert "risk_points" in response.context["form"].errors
    assert not step.risk_points.exists()


def test_a_post_of_another_unit_is_refused(org, users, login, make_power):
    power = make_power("CZ-1")
    response = login(users["admin"]).post(
        reverse("powers:steps_edit", args=[power.pk]),
        {"name": "受理", "post": org.tax_inspector.pk},
    )
    assert "post" in response.context["form"].errors
    assert not power.steps.exists()


def _chart(client, power) -> ET.Element:
    response = client.get(reverse("powers:flow_svg", args=[power.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    return ET.fromstring(response.content)


def test_the_chart_marks_risky_steps_with_a_star_of_the_highest_level(
    org, users, login, make_power, make_point, mark
):
    power = make_power("CZ-1", steps=[f"步骤{n}" for n in range(1, 13)])
    mark(power, 3, make_point(level=2))
    mark(power, 3, make_point(level=1, name="另一个点"))
    mark(power, 9, make_point(level=3, name="第三个点"))
    chart = _chart(login(users["leader"]), power)
    groups = chart.findall(f"{SVG}g[@class='flow-step']")
    assert [g.get("data-order") for g in groups] == [str(n) for n in range(1, 13)]
    levels = {g.get("data-order"): g.get("data-risk-level") for g in groups}
    assert {k: v for k, v in levels.items() if v} == {"3": "1", "9": "3"}
    stars = chart.findall(f".//{SVG}text[@class='risk-star']")
    assert [(s.get("data-order"), s.get("data-level"), s.text) for s in stars] == [
        ("3", "1", "★"),
        ("9", "3", "★"),
    ]


def test_retired_points_leave_no_star(org, users, login, make_power, make_point, mark):
    power = make_power("CZ-1", steps=["受理"])
    mark(power, 1, make_point(status="retired"))
    chart = _chart(login(users["admin"]), power)
    assert not chart.findall(f".//{SVG}text[@class='risk-star']")


def test_power_page_embeds_the_chart_and_lists_steps(org, users, login, make_power):
    power = make_power("CZ-1", steps=["受理", "审核"])
    body = login(users["staff"]).get(reverse("powers:power_detail", args=[power.pk])).content
    body = body.decode()
    assert 'class="flow-chart"' in body and "受理" in body
    printable = login(users["staff"]).get(reverse("powers:flow_print", args=[power.pk]))
    assert 'class="flow-chart"' in printable.content.decode()
