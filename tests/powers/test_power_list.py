"""The power list: codes unique per unit, filters, scope, and a bounded number of queries."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from powers.models import FlowStep, PowerItem, PowerPost, StepRisk
from registry.models import RiskPoint

pytestmark = pytest.mark.django_db


def test_item_code_is_unique_within_a_unit_only(org, make_power):
    make_power("CZ-XK-001")
    make_power("CZ-XK-001", unit=org.tax)  # another unit may use the same code
    with pytest.raises(IntegrityError), transaction.atomic():
        make_power("CZ-XK-001")


def test_a_duplicate_code_is_refused_in_the_form_naming_the_field(
    org, users, login, categories, make_power
):
    make_power("CZ-XK-001")
    client = login(users["admin"])
    response = client.post(
        reverse("powers:power_create"),
        {
            "unit": org.finance.pk,
            "code": "CZ-XK-001",
            "name": "重复事项",
            "category": categories["行政许可"].pk,
            "status": "in_force",
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert PowerItem.objects.filter(code="CZ-XK-001").count() == 1


def test_admin_creates_a_power(org, users, login, categories):
    client = login(users["admin"])
    response = client.post(
        reverse("powers:power_create"),
        {
            "unit": org.finance.pk,
            "code": "CZ-ZJ-001",
            "name": "专项资金分配",
            "category": categories["专项资金管理"].pk,
            "status": "in_force",
            "department": org.budget.pk,
            "time_limit_days": "15",
            "is_major": "on",
        },
    )
    power = PowerItem.objects.get(code="CZ-ZJ-001")
    assert response.status_code == 302
    assert power.is_major and power.time_limit_days == 15
    assert power.history.get().history_user == users["admin"]


def test_department_of_another_unit_is_refused(org, users, login, categories):
    client = login(users["admin"])
    response = client.post(
        reverse("powers:power_create"),
        {
            "unit": org.finance.pk,
            "code": "X-1",
            "name": "x",
            "category": categories["行政许可"].pk,
            "status": "in_force",
            "department": org.inspection.pk,
        },
    )
    assert "department" in response.context["form"].errors
    assert not PowerItem.objects.exists()


def test_list_shows_only_powers_of_visible_units(org, users, login, make_power):
    make_power("CZ-1", name="财政事项")
    make_power("SW-1", name="税务事项", unit=org.tax)
    body = login(users["taxhead"]).get(reverse("powers:index")).content.decode()
    assert "税务事项" in body and "财政事项" not in body


def test_gap_filter_keeps_powers_without_risk_points(
    org, users, login, make_power, make_point, mark
):
    covered = make_power("CZ-1", steps=["受理", "审核"])
    make_power("CZ-2", steps=["受理"])
    mark(covered, 2, make_point())
    response = login(users["admin"]).get(reverse("powers:index"), {"gap": "no_risk"})
    codes = [power.code for power in response.context["page"]]
    assert codes == ["CZ-2"]


def _thousand_powers(org, categories) -> None:
    category = categories["行政处罚"]
    powers = PowerItem.objects.bulk_create(
        PowerItem(
            unit=org.finance,
            code=f"CZ-{n:04d}",
            name=f"事项{n}",
            category=category,
            department=org.budget,
            is_major=n % 7 == 0,
        )
        for n in range(1000)
    )
    steps = FlowStep.objects.bulk_create(
        FlowStep(power=power, order=order, name="步骤", post=org.buyer)
        for power in powers
        for order in (1, 2)
    )
    PowerPost.objects.bulk_create(
        PowerPost(power=power, post=org.buyer, role="undertake") for power in powers
    )
    point = RiskPoint.objects.create(
        unit=org.finance,
        department=org.procurement,
        post=org.buyer,
        scope="post",
        name="点",
        category=org.category,
        level=1,
        year=2026,
    )
    StepRisk.objects.bulk_create(StepRisk(step=step, risk_point=point) for step in steps[::3])


@pytest.mark.parametrize("per_page", [50, 200])
def test_list_of_a_thousand_powers_takes_a_bounded_number_of_queries(
    org, users, login, categories, django_assert_max_num_queries, per_page
):
    _thousand_powers(org, categories)
    client = login(users["leader"])
    # Session, user, scope (3), the unit filter, page count and rows, categories, nav badges.
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("powers:index"), {"unit": org.finance.pk, "per_page": per_page}
        )
    page = response.context["page"]
    assert page.paginator.count == 1000
    assert len(page.object_list) == per_page
    first = page.object_list[0]
    assert (first.post_count, first.step_count, first.risk_count, first.top_level) == (1, 2, 1, 1)
