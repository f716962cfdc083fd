"""Browsing the register: filters, sorting, paging, scope, and a bounded query count."""

import pytest
from django.db import connection
from django.urls import reverse

from registry.choices import RiskScope
from registry.models import Measure, RiskPoint

LIST = reverse("registry:riskpoint_list")


def names(response) -> list[str]:
    return [point.name for point in response.context["page"].object_list]


@pytest.fixture
def register(org, make_point):
    make_point(name="采购需求定制", level=1, code="CZ-1")
    make_point(
        name="预算指标调剂", post=org.budget_clerk, level=2, category=org.process, code="CZ-2"
    )
    make_point(
        name="重大资金使用", post=None, scope=RiskScope.UNIT, level=1, code="CZ-3", status="active"
    )
    make_point(
        name="科室公务接待",
        post=None,
        scope=RiskScope.DEPARTMENT,
        department=org.procurement,
        level=3,
    )
    make_point(name="国库集中支付", post=None, scope=RiskScope.UNIT, unit=org.treasury, level=2)
    make_point(name="税务稽查选案", post=org.tax_inspector, level=1)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": 1}, {"采购需求定制", "重大资金使用", "税务稽查选案"}),
        ({"scope": "department"}, {"科室公务接待"}),
        ({"status": "active"}, {"重大资金使用"}),
        ({"q": "预算"}, {"预算指标调剂"}),
        ({"q": "CZ-3"}, {"重大资金使用"}),
        ({"q": "采购 定制"}, {"采购需求定制"}),
    ],
)
def test_filters(register, users, login, params, expected):
    response = login(users["inspector"]).get(LIST, params)
    assert set(names(response)) == expected


def test_unit_filter_includes_sub_units(register, users, login, org):
    response = login(users["inspector"]).get(LIST, {"unit": org.finance.pk})
    assert "国库集中支付" in names(response)
    assert "税务稽查选案" not in names(response)


def test_department_post_and_category_filters(register, users, login, org):
    client = login(users["inspector"])
    assert set(names(client.get(LIST, {"department": org.procurement.pk}))) == {
        "采购需求定制",
        "科室公务接待",
    }
    assert names(client.get(LIST, {"unit": org.finance.pk, "post": org.budget_clerk.pk})) == [
        "预算指标调剂"
    ]
    assert names(client.get(LIST, {"category": org.process.pk})) == ["预算指标调剂"]


def test_sorting_by_name_both_ways(register, users, login):
    client = login(users["inspector"])
    ascending = names(client.get(LIST, {"sort": "name"}))
    assert ascending == sorted(ascending)
    assert names(client.get(LIST, {"sort": "-name"})) == ascending[::-1]


def test_pagination_keeps_the_filters(register, users, login):
    response = login(users["inspector"]).get(LIST, {"per_page": 25, "level": 1})
    assert response.context["per_page"] == 25
    assert "level=1" in response.context["query"]


def test_each_role_sees_only_its_scope(register, users, login):
    seen = {
        role: set(names(login(users[role]).get(LIST)))
        for role in ["leader", "depthead", "staff", "taxhead", "nobody"]
    }
    assert seen["leader"] == {
        "采购需求定制",
        "预算指标调剂",
        "重大资金使用",
        "科室公务接待",
        "国库集中支付",
    }
    assert seen["depthead"] == {"采购需求定制", "科室公务接待"}
    assert seen["staff"] == {"采购需求定制"}
    assert seen["taxhead"] == {"税务稽查选案"}
    assert seen["nobody"] == set()


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def ten_thousand_points(org):
    points = [
        RiskPoint(
            unit=org.finance,
            department=org.procurement,
            post=org.buyer,
            scope=RiskScope.POST,
            name=f"风险点{i:05d}",
            category=org.category,
            level=i % 3 + 1,
            year=2026,
        )
        for i in range(10_000)
    ]
    RiskPoint.objects.bulk_create(points, batch_size=2000)
    first = RiskPoint.objects.order_by("id")[:300]
    Measure.objects.bulk_create(
        [Measure(risk_point=p, defence_line="prevention", text="措施") for p in first]
    )


@pytest.mark.parametrize("per_page", [25, 200])
def test_register_query_count_does_not_grow_with_page_size(
    ten_thousand_points, users, login, django_assert_max_num_queries, per_page
):
    client = login(users["depthead"])
    client.get(LIST)  # warm the session and content types
    # PostgreSQL asks its planner for an estimate first (one EXPLAIN) before counting.
    with django_assert_max_num_queries(12 + (connection.vendor == "postgresql")):
        response = client.get(LIST, {"per_page": per_page, "sort": "name"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == per_page
    assert response.context["page"].total == 10_000
