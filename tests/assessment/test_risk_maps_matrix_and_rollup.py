"""The likelihood × harm matrix of the actual points and the level roll-up per unit:
each count matches the points, and each links to a register page showing as many."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import GradingModel, PointGrading
from assessment.rollup import level_rollup, point_matrix
from registry.choices import RiskPointStatus


def graded(point, likelihood: int, harm: int):
    PointGrading.objects.create(
        point=point,
        grading_model=GradingModel.objects.get(is_current=True),
        likelihood_score=0,
        harm_score=0,
        likelihood_band=likelihood,
        harm_band=harm,
        computed_level=point.level,
        graded_at=timezone.now(),
    )
    return point


@pytest.fixture
def spread(make_point, org):
    """Finance: two high × high, one medium × medium, one ungraded; treasury one low × low;
    tax one high × high; a retired graded point that must not count anywhere."""
    graded(make_point(level=1, name="a"), 3, 3)
    graded(make_point(level=1, name="b"), 3, 3)
    graded(make_point(level=2, name="c"), 2, 2)
    make_point(level=3, name="ungraded")
    graded(make_point(post=None, unit=org.treasury, level=3, name="t"), 1, 1)
    graded(make_point(post=org.tax_inspector, level=1, name="tax"), 3, 3)
    graded(make_point(level=1, name="old", status=RiskPointStatus.RETIRED), 3, 3)
    return org


def cells(matrix) -> dict:
    return {(c.likelihood, c.harm): c.count for _band, row in matrix.rows for c in row if c.count}


def test_the_matrix_counts_the_points_in_each_cell(spread, users):
    district = point_matrix(user=users["inspector"])
    assert cells(district) == {(3, 3): 3, (2, 2): 1, (1, 1): 1}
    assert district.ungraded == 1 and district.graded == 5

    finance = point_matrix(user=users["inspector"], unit=spread.finance)
    assert cells(finance) == {(3, 3): 2, (2, 2): 1, (1, 1): 1}  # the sub-unit included
    # The cells are coloured by the level the current matrix gives them.
    assert [c.level for c in district.rows[0][1]] == [2, 1, 1]


def test_the_matrix_is_scoped(spread, users):
    assert cells(point_matrix(user=users["depthead"])) == {(3, 3): 2, (2, 2): 1}


def register_count(client, url: str) -> int:
    """How many points the register list says it shows at ``url``."""
    response = client.get(url)
    assert response.status_code == 200 and url.startswith(reverse("registry:riskpoint_list"))
    page = response.context["page"]
    assert not page.total_is_estimate
    return page.total


def test_every_matrix_cell_links_to_a_register_list_of_the_same_points(spread, users, login):
    client = login(users["inspector"])
    body = client.get(reverse("assessment:unit_map", args=[spread.finance.pk])).content.decode()
    links = re.findall(r'data-count="(\d+)">\s*<a href="([^"]+)"', body)
    assert sorted(int(n) for n, _url in links) == [1, 1, 2]
    for count, url in links:
        assert register_count(client, unescape(url)) == int(count)
    ungraded = re.search(r'id="matrix-ungraded" href="([^"]+)"', body).group(1)
    assert register_count(client, unescape(ungraded)) == 1


def test_the_rollup_gives_counts_and_shares_per_level(spread, users):
    rollup = level_rollup(user=users["inspector"])
    rows = {row.unit.code: (row.counts, [round(s, 2) for s in row.shares]) for row in rollup.rows}
    assert rows == {
        "FIN": ([2, 1, 2], [0.4, 0.2, 0.4]),
        "FIN-TP": ([0, 0, 1], [0.0, 0.0, 1.0]),
        "TAX": ([1, 0, 0], [1.0, 0.0, 0.0]),
    }
    assert rollup.district.counts == [3, 1, 2]  # the sub-unit's point counted once
    # The unit with the largest share of level-1 points first, not everyone "level 1".
    assert [row.unit.code for row in rollup.rows] == ["TAX", "FIN", "FIN-TP"]


def test_the_rollup_links_land_on_lists_of_the_same_count(spread, users, login):
    client = login(users["inspector"])
    body = client.get(reverse("assessment:units_map")).content.decode()
    finance = re.search(r'<tr data-unit="FIN">(.*?)</tr>', body, re.S).group(1)
    links = re.findall(r'data-level="(\d)"><a href="([^"]+)">(\d+)</a>', finance)
    assert [(level, int(n)) for level, _url, n in links] == [("1", 2), ("2", 1), ("3", 2)]
    for _level, url, count in links:
        assert register_count(client, unescape(url)) == int(count)


def test_the_maps_take_a_fixed_number_of_queries(
    spread, users, login, make_point, org, django_assert_max_num_queries
):
    client = login(users["inspector"])
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("assessment:units_map"))
    for i in range(15):
        graded(make_point(level=1 + i % 3, name=f"more{i}"), 1 + i % 3, 2)
        make_point(post=org.tax_inspector, level=2, name=f"tax{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("assessment:units_map"))
