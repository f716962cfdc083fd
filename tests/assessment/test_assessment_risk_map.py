"""The unit risk map (departments × levels) and derived post and department levels."""

import re

import pytest
from django.urls import reverse

from assessment.selectors import post_levels, unit_heat_map
from registry.choices import RiskPointStatus
from registry.levels import LEVEL_COLOURS


@pytest.fixture
def known(make_point, org):
    """Finance: procurement 1,1,2 · budget 3 · leadership 1; plus rows that must not count."""
    make_point(level=1, name="a")
    make_point(level=1, name="b")
    make_point(level=2, name="c")
    make_point(post=org.budget_clerk, level=3, name="d")
    make_point(post=None, level=1, name="e")
    make_point(level=3, name="retired", status=RiskPointStatus.RETIRED)
    make_point(post=org.tax_inspector, level=1, name="tax")
    return org


def rows(heat) -> dict:
    return {row.label: row.counts for row in heat.rows}


def test_counts_by_department_and_level(known, users):
    heat = unit_heat_map(user=users["inspector"], unit=known.finance)

    assert rows(heat) == {"": [1, 0, 0], "预算科": [0, 0, 1], "政府采购科": [2, 1, 0]}
    assert heat.totals == [3, 1, 1]
    assert {row.label: row.level for row in heat.rows} == {"": 1, "预算科": 3, "政府采购科": 1}


def test_the_page_renders_the_table_on_the_server(known, users, login):
    response = login(users["inspector"]).get(
        reverse("assessment:unit_map", args=[known.finance.pk])
    )
    body = response.content.decode()

    procurement = re.search(r"<th>政府采购科</th>(.*?)</tr>", body, re.S).group(1)
    cells = re.findall(r'data-level="(\d)" data-heat="[^"]*">(\d+)</td>', procurement)
    assert cells == [("1", "2"), ("2", "1"), ("3", "0")]
    # A cell takes its level's colour whatever the count: one level-1 point never looks
    # paler than many level-2 ones.
    assert f'data-level="1" data-heat="background: {LEVEL_COLOURS[1]};' in procurement
    assert f'data-level="2" data-heat="background: {LEVEL_COLOURS[2]};' in procurement
    assert "<script" not in body.split('id="heat-map"')[1].split("</table>")[0]


def test_a_post_takes_the_highest_level_of_its_points(known, users):
    levels = {
        p.name: (p.derived_level, p.point_count)
        for p in post_levels(user=users["inspector"], unit=known.finance)
    }
    assert levels["采购经办岗"] == (1, 3)
    assert levels["预算审核岗"] == (3, 1)
    assert levels["局长"] == (None, 0)


def test_the_map_is_scoped(known, users, login):
    heat = unit_heat_map(user=users["depthead"], unit=known.finance)
    assert rows(heat)["政府采购科"] == [2, 1, 0] and rows(heat)["预算科"] == [0, 0, 0]
    response = login(users["taxhead"]).get(reverse("assessment:unit_map", args=[known.finance.pk]))
    assert response.status_code == 404


def test_the_district_map_lists_units(known, users, login):
    body = login(users["inspector"]).get(reverse("assessment:units_map")).content.decode()
    assert "区财政局" in body and "区税务局" in body


def test_the_map_takes_a_fixed_number_of_queries(
    known, users, login, make_point, django_assert_max_num_queries
):
    for i in range(20):
        make_point(level=2, name=f"more{i}")
    client = login(users["inspector"])
    with django_assert_max_num_queries(14):
        client.get(reverse("assessment:unit_map", args=[known.finance.pk]))
