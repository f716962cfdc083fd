"""The coverage report's figures on a known fixture, and the lists they link to."""

import re

import pytest
from django.urls import reverse

from powers.models import PowerPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_powers(org, make_power, make_point, mark):
    """Five powers in force at finance, one abolished, one at tax; risk points on some steps.

    P1 penalty, major: level-1 point on step 3      → covered
    P2 penalty, major: level-3 point only           → major matter without level 1/2
    P3 licence, major: no steps                     → no risk analysis, major uncovered, no flow
    P4 licence: one step, no point                  → no risk analysis
    P5 licence: a level-2 point and a retired level-1 point → level 2 only
    """
    p1 = make_power("P1", category="行政处罚", is_major=True, steps=["受理", "审核", "决定"])
    p2 = make_power("P2", category="行政处罚", is_major=True, steps=["受理", "审核"])
    p3 = make_power("P3", category="行政许可", is_major=True)
    p4 = make_power("P4", category="行政许可", steps=["受理"])
    p5 = make_power("P5", category="行政许可", steps=["受理"])
    make_power("P6", category="行政许可", status="abolished")
    make_power("T1", unit=org.tax, category="行政许可")
    mark(p1, 3, make_point(level=1, name="处罚决定畸轻畸重"))
    mark(p2, 2, make_point(level=3, name="审核走过场"))
    mark(p5, 1, make_point(level=2, name="受理刁难"))
    mark(p5, 1, make_point(level=1, name="已废止的点", status="retired"))
    PowerPost.objects.create(power=p1, post=org.buyer, role="undertake")
    PowerPost.objects.create(power=p4, post=org.budget_clerk, role="undertake")
    PowerPost.objects.create(power=p3, post=org.director, role="approve")
    return org.finance


def test_the_report_counts_the_gaps(users, login, finance_powers):
    response = login(users["inspector"]).get(reverse("powers:coverage", args=[finance_powers.pk]))
    report = response.context["report"]
    assert report.powers == 5
    assert report.gaps == {"no_risk": 2, "major_uncovered": 2, "no_steps": 1}
    assert (report.posts_exercising, report.posts_without_risk) == (3, 2)


def test_the_report_counts_per_category_and_level(users, login, finance_powers):
    response = login(users["inspector"]).get(reverse("powers:coverage", args=[finance_powers.pk]))
    report = response.context["report"]
    rows = {
        row.category.name: (row.powers, row.with_steps, row.with_risks, row.by_level)
        for row in report.rows
    }
    assert rows == {
        "行政处罚": (2, 2, 2, {1: 1, 2: 0, 3: 1}),
        "行政许可": (3, 2, 1, {1: 0, 2: 1, 3: 0}),
    }
    totals = report.totals
    assert (totals.powers, totals.with_steps, totals.with_risks) == (5, 4, 3)
    assert totals.by_level == {1: 1, 2: 1, 3: 1}


def _codes(client, href: str) -> list[str]:
    return [power.code for power in client.get(href).context["page"]]


def test_each_figure_links_to_the_list_it_counts(users, login, finance_powers):
    client = login(users["inspector"])
    body = client.get(reverse("powers:coverage", args=[finance_powers.pk])).content.decode()
    links = {
        name: re.search(rf'id="figure-{name}"><a href="([^"]+)"', body).group(1)
        for name in ["powers", "no-risk", "major-uncovered", "no-steps", "posts-without-risk"]
    }
    links = {name: href.replace("&amp;", "&") for name, href in links.items()}
    assert _codes(client, links["powers"]) == ["P1", "P2", "P3", "P4", "P5"]
    assert _codes(client, links["no-risk"]) == ["P3", "P4"]
    assert _codes(client, links["major-uncovered"]) == ["P2", "P3"]
    assert _codes(client, links["no-steps"]) == ["P3"]
    posts = client.get(links["posts-without-risk"]).context["posts"]
    assert sorted(post.name for post in posts) == ["局长", "预算审核岗"]


def test_level_links_list_powers_with_a_point_of_that_level(users, login, finance_powers):
    client = login(users["inspector"])
    url = reverse("powers:index")
    base = {"unit": finance_powers.pk, "status": "in_force"}
    assert _codes(client, url + "?" + _q(base, level=1)) == ["P1"]
    assert _codes(client, url + "?" + _q(base, level=2)) == ["P5"]
    assert _codes(client, url + "?" + _q(base, has="steps")) == ["P1", "P2", "P4", "P5"]


def _q(base: dict, **more) -> str:
    from urllib.parse import urlencode

    return urlencode({**base, **more})


def test_a_unit_out_of_sight_has_no_report(users, login, finance_powers):
    response = login(users["taxhead"]).get(reverse("powers:coverage", args=[finance_powers.pk]))
    assert response.status_code == 404
