"""Paging through a long register and change log by position (registry.paging):
every row once, in order, forwards and backwards, with ties on the sort column."""

from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.urls import reverse

from registry import filtersets, paging
from registry.choices import RiskScope
from registry.filtersets import ordering_for
from registry.models import RiskCategory, RiskPoint
from registry.scale import seed_scale

LIST = reverse("registry:riskpoint_list")
CHANGES = reverse("registry:change_log")


@pytest.fixture
def long_register(org):
    """80 points: names repeat (ties), a third without department (nulls last/first),
    in three risk categories."""
    categories = list(RiskCategory.objects.order_by("-sort_order")[:3])
    points = []
    for i in range(80):
        scope = [RiskScope.POST, RiskScope.DEPARTMENT, RiskScope.UNIT][i % 3]
        points.append(
            RiskPoint(
                unit=[org.finance, org.treasury][i % 2],
                department=org.procurement if scope != RiskScope.UNIT and i % 2 == 0 else None,
                post=org.buyer if scope == RiskScope.POST and i % 2 == 0 else None,
                scope=scope if i % 2 == 0 or scope == RiskScope.UNIT else RiskScope.UNIT,
                name=f"风险点{i % 7}",
                code=f"L-{i:03d}",
                category=categories[i % 5 % 3],
                level=i % 3 + 1,
                year=2024 + i % 3,
            )
        )
    RiskPoint.objects.bulk_create(points)


def walk(client, params: dict, link: str = "next_query") -> list[list[str]]:
    """Every page's codes, following the pager's next (or previous) links."""
    pages, query = [], params
    for _ in range(50):
        page = client.get(LIST, query).context["page"]
        pages.append([point.code for point in page])
        if not getattr(page, link):
            return pages
        query = {k: v[0] for k, v in parse_qs(getattr(page, link)).items()}
    raise AssertionError("the pages never end")


def expected_codes(sort: str) -> list[str]:
    keys = paging._Keys(RiskPoint, ordering_for(sort))
    return list(RiskPoint.objects.order_by(*keys.order()).values_list("code", flat=True))


@pytest.mark.parametrize(
    "sort",
    ["", "name", "-name", "unit", "department", "-department", "post", "-post", "category",
     "-category", "-year"],
)  # fmt: skip
def test_every_point_once_in_order_forwards_and_back(long_register, users, login, sort):
    client = login(users["inspector"])
    forwards = walk(client, {"sort": sort, "per_page": 25})
    assert [len(p) for p in forwards] == [25, 25, 25, 5]
    assert sum(forwards, []) == expected_codes(sort)
    backwards = walk(client, {"sort": sort, "per_page": 25, "last": "1"}, link="previous_query")
    assert sum(backwards[::-1], []) == expected_codes(sort)
    assert backwards[0] == forwards[-1]


@pytest.mark.parametrize("sort", ["department", "-department", "-post", "category", "-category"])
def test_a_long_list_sorted_by_a_related_name_is_read_in_parts(
    long_register, users, login, monkeypatch, sort
):
    # Past the exact count, PostgreSQL reads these sorts as a union of parts (with and
    # without a department or post, each category); the pages are the same.
    monkeypatch.setattr(paging, "EXACT_UP_TO", 30)
    client = login(users["inspector"])
    forwards = walk(client, {"sort": sort, "per_page": 25})
    assert sum(forwards, []) == expected_codes(sort)
    backwards = walk(client, {"sort": sort, "per_page": 25, "last": "1"}, link="previous_query")
    # With an estimated total, the last page is a whole page and going back ends on
    # the real first page, which overlaps the one after it.
    assert list(dict.fromkeys(sum(backwards[::-1], []))) == expected_codes(sort)


def test_page_numbers_near_the_current_page(long_register, users, login):
    client = login(users["inspector"])
    first = client.get(LIST, {"per_page": 25}).context["page"]
    assert [link.label for link in first.links] == ["1", "2", "3"]
    third_query = {k: v[0] for k, v in parse_qs(first.links[2].query).items()}
    third = client.get(LIST, third_query).context["page"]
    assert third.number == 3
    assert [p.code for p in third] == expected_codes("")[50:75]
    assert [link.label for link in third.links] == ["1", "2", "3", "4"]


def test_a_cursor_edited_by_hand_shows_the_first_page(long_register, users, login):
    client = login(users["inspector"])
    for cursor in ["garbage", paging.encode_cursor(["x"]), paging.encode_cursor([1, "a", "b"])]:
        response = client.get(LIST, {"after": cursor})
        assert response.status_code == 200
        assert [p.code for p in response.context["page"]][:3] == expected_codes("")[:3]


def test_past_the_exact_limit_the_total_is_an_estimate(long_register, users, login, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_UP_TO", 30)
    client = login(users["inspector"])
    client.cookies["django_language"] = "en"
    response = client.get(LIST)
    page = response.context["page"]
    assert page.total_is_estimate
    if connection.vendor == "postgresql":  # the planner's estimate, whatever it guesses
        assert page.total > 30
    else:  # SQLite has no planner estimate: it counts
        assert page.total == 80
    assert f"About {page.total} risk points" in response.content.decode()
    filtered = client.get(LIST, {"year": 2024}).context["page"]
    assert not filtered.total_is_estimate and filtered.total == 27


def test_search_pages_through_its_matches(long_register, users, login):
    client = login(users["inspector"])
    pages = walk(client, {"q": "风险点3", "per_page": 25})
    codes = sum(pages, [])
    assert len(codes) == len(set(codes)) == RiskPoint.objects.filter(name="风险点3").count()


@pytest.mark.parametrize("narrow_up_to", [0, 10_000])
def test_a_search_finds_the_same_points_through_the_index_or_the_scope(
    long_register, users, login, monkeypatch, narrow_up_to
):
    """District-wide the trigram indexes answer a search; in a narrow scope each point
    is read and tested (registry.filtersets._searched). Both find the same points,
    in any case of the letters."""
    monkeypatch.setattr(filtersets, "NARROW_SEARCH_POINTS", narrow_up_to)
    client = login(users["inspector"])
    codes = sum(walk(client, {"q": "l-01", "per_page": 25}), [])
    assert sorted(codes) == [f"L-{i:03d}" for i in range(10, 20)]
    both = sum(walk(client, {"q": "风险点3 l-0", "per_page": 25}), [])
    assert sorted(both) == sorted(
        RiskPoint.objects.filter(name="风险点3", code__startswith="L-0").values_list(
            "code", flat=True
        )
    )


@pytest.mark.parametrize("sort", ["", "department", "-post", "category"])
def test_the_query_count_is_the_same_on_a_deep_page(
    long_register, users, login, django_assert_max_num_queries, sort
):
    client = login(users["inspector"])
    client.get(LIST)
    # Sorted by category, the categories are read first (one query per page).
    most = 14 + (sort == "category")
    with django_assert_max_num_queries(most):
        first = client.get(LIST, {"per_page": 25, "sort": sort}).context["page"]
    query = {k: v[0] for k, v in parse_qs(first.next_query).items()}
    with django_assert_max_num_queries(most):
        assert client.get(LIST, query).status_code == 200
    query = {k: v[0] for k, v in parse_qs(first.last_query).items()}
    with django_assert_max_num_queries(most):
        assert client.get(LIST, query).status_code == 200


def test_change_log_pages_every_change_once(org, make_point, users, login):
    point = make_point(name="改名前")
    for i in range(120):
        point.name = f"改名{i}"
        point.save()
    client = login(users["auditor"])
    seen, query = [], {}
    for _ in range(20):
        page = client.get(CHANGES, query).context["page"]
        seen += [(e.model_key, e.record.history_id) for e in page]
        if not page.next_query:
            break
        query = {k: v[0] for k, v in parse_qs(page.next_query).items()}
    total = client.get(CHANGES).context["total"]
    assert len(seen) == len(set(seen)) == total
    back = client.get(CHANGES, {k: v[0] for k, v in parse_qs(page.previous_query).items()})
    assert back.context["page"].number == page.number - 1


def test_seed_scale_builds_a_consistent_district_once(db):
    report = seed_scale(units=5, points=200)
    assert (report.units, report.risk_points, report.created) == (5, 200, True)
    assert report.measures >= 200
    again = seed_scale(units=5, points=200)
    assert not again.created and again.risk_points == 200
    for point in RiskPoint.objects.select_related("department", "post"):
        if point.department_id:
            assert point.department.unit_id == point.unit_id
        if point.post_id:
            assert point.post.unit_id == point.unit_id
            assert point.post.department_id == point.department_id
        point.full_clean()


def test_a_long_unit_list_is_fetched_when_the_select_opens(org, users, login, monkeypatch):
    from registry import filtersets

    monkeypatch.setattr(filtersets, "LISTED_UNITS", 1)
    client = login(users["inspector"])
    form = client.get(LIST, {"unit": org.finance.pk}).context["filterset"].form
    unit_select = form["unit"].as_widget()
    assert 'data-options-url="/register/units.json"' in unit_select
    assert org.finance.name in unit_select and org.tax.name not in unit_select
    assert set(form.fields["department"].queryset) == set(org.finance.departments.all())
    unfiltered = client.get(LIST).context["filterset"].form
    assert org.procurement.name not in unfiltered["department"].as_widget()  # a unit first
    options = client.get(reverse("registry:unit_options")).json()["options"]
    assert {org.finance.pk, org.tax.pk} <= {pk for pk, _label in options}
    depthead = login(users["depthead"]).get(reverse("registry:unit_options")).json()["options"]
    assert org.tax.pk not in {pk for pk, _label in depthead}
