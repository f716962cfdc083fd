"""Discipline staff plan a special inspection (专项检查) or an unannounced check (明察暗访)
of chosen units, optionally narrowed to posts or powers; it is worked through like a
drawn inspection, and its findings become rectification items with its source."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pdca.models import FindingSource, Inspection, RectificationItem
from pdca.services.inspections import finding_record
from pdca.services.planning import inspection_plan
from powers.models import FlowStep, PowerCategory, PowerItem, StepRisk

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def source(code: str) -> FindingSource:
    return FindingSource.objects.get(code=code)


def plan_page(client, **data):
    return client.post(reverse("pdca:inspection_plan"), data)


def test_inspector_plans_a_special_inspection_of_a_unit(login, users, org, measures_in_effect):
    client = login(users["inspector"])
    assert client.get(reverse("pdca:inspection_plan")).status_code == 200
    response = plan_page(
        client, source=source("special").pk, title="采购专项检查", units=[org.finance.pk]
    )
    inspection = Inspection.objects.get(title="采购专项检查")
    assert response.url == reverse("pdca:inspection_detail", args=[inspection.pk])
    assert (inspection.draw, inspection.source.code, inspection.unit) == (
        None,
        "special",
        org.finance,
    )
    assert (inspection.planned_by, inspection.inspector) == (users["inspector"], users["inspector"])
    # Every measure of the unit's points in effect, level 3 too (no sampling).
    assert inspection.items.count() == 2 + 2 + 10
    page = client.get(response.url).content.decode()
    assert "采购专项检查" in page and "专项检查" in page
    listing = client.get(reverse("pdca:inspection_list")).content.decode()
    assert "采购专项检查" in listing


def test_chosen_posts_narrow_the_checklist_to_their_points(users, org, measures_in_effect):
    (inspection,) = inspection_plan(
        source=source("unannounced"),
        title="明察暗访",
        units=[org.finance],
        posts=[org.buyer],
        by=users["inspector"],
    )
    points = set(inspection.items.values_list("risk_point__post", flat=True))
    assert points == {org.buyer.pk}
    assert list(inspection.posts.all()) == [org.buyer]


def test_chosen_powers_narrow_the_checklist_to_the_points_on_their_steps(
    users, org, measures_in_effect
):
    power = PowerItem.objects.create(
        unit=org.finance, code="QL-1", name="政府采购审批", category=PowerCategory.objects.first()
    )
    step = FlowStep.objects.create(power=power, order=1, name="需求审核")
    StepRisk.objects.create(step=step, risk_point=measures_in_effect[1])
    (inspection,) = inspection_plan(
        source=source("special"),
        title="审批专项",
        units=[org.finance],
        powers=[power],
        by=users["inspector"],
    )
    assert set(inspection.items.values_list("point_name", flat=True)) == {"采购需求审核"}


def test_one_inspection_per_chosen_unit(users, org, measures_in_effect):
    planned = inspection_plan(
        source=source("special"), title="两家", units=[org.finance, org.tax], by=users["inspector"]
    )
    assert {i.unit for i in planned} == {org.finance, org.tax}


def test_a_unit_user_cannot_plan_an_inspection(login, users, org):
    for name in ("leader", "admin", "staff"):
        client = login(users[name])
        assert client.get(reverse("pdca:inspection_plan")).status_code == 403
        response = plan_page(client, source=source("special").pk, title="x", units=[org.finance.pk])
        assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_the_service_refuses_units_the_planner_does_not_oversee(users, org, new_user_with_role):
    from registry.choices import Role

    tax_staff = new_user_with_role("taxinspector", Role.INSPECTOR, org.tax)
    with pytest.raises(PermissionDenied):
        inspection_plan(source=source("special"), title="x", units=[org.finance], by=tax_staff)
    # The form offers only the units they oversee.
    from pdca.forms import InspectionPlanForm

    assert list(InspectionPlanForm(user=tax_staff).fields["units"].queryset) == [org.tax]


def test_only_planned_sources_are_planned(login, users, org):
    response = plan_page(
        login(users["inspector"]), source=source("audit").pk, title="x", units=[org.finance.pk]
    )
    assert response.status_code == 200 and "source" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_findings_of_a_planned_inspection_become_rectification_with_its_source(
    users, org, measures_in_effect, cycle
):
    (inspection,) = inspection_plan(
        source=source("special"), title="专项", units=[org.finance], by=users["inspector"]
    )
    finding = finding_record(
        inspection=inspection,
        severity="significant",
        description="需求论证未留痕",
        owner=users["depthead"],
        deadline=days(20),
        checklist_item=inspection.items.first(),
        by=users["inspector"],
    )
    item = RectificationItem.objects.get(finding=finding)
    assert (item.source.name, item.cycle, item.inspector) == ("专项检查", cycle, users["inspector"])
    assert finding.measure_id == inspection.items.first().measure_id
