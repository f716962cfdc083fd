"""The dashboard: units by colour, open cases by step, overdue cases, the monthly trend."""

import datetime

from django.urls import reverse
from django.utils import timezone

from earlywarning.chart import nice_ceiling, trend_geometry
from earlywarning.choices import SourceType
from earlywarning.models import WarningInfo
from earlywarning.selectors import monthly_trend
from earlywarning.services.disposal import case_open


def test_dashboard_counts_colours_steps_and_overdue(
    make_warning, users, login, org, django_assert_max_num_queries
):
    today = timezone.localdate()
    for i in range(2):  # finance: 6 points → yellow
        warning = make_warning(summary=f"财政{i}", verified=True, received_on=today)
        case_open(
            warning=warning,
            by=users["inspector"],
            now=timezone.now() - datetime.timedelta(days=20 if i else 1),
        )
    make_warning(unit=org.tax, summary="税务", verified=True, received_on=today)  # tax: blue
    client = login(users["inspector"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("earlywarning:index"))
    context = response.context
    assert {c: n for c, _, n in context["colours"]} == {"blue": 1, "yellow": 1, "red": 0}
    assert {s: n for s, _, n in context["steps"]} == {1: 2, 2: 0, 3: 0, 4: 0}
    assert context["overdue_count"] == 1
    body = response.content.decode()
    assert '<svg class="chart" id="trend-chart"' in body and "<rect" in body


def test_a_colour_tile_lists_the_units_at_that_colour(make_warning, users, login, org):
    today = timezone.localdate()
    for i in range(2):  # finance: 6 points → yellow
        make_warning(summary=f"财政{i}", verified=True, received_on=today)
    make_warning(unit=org.tax, summary="税务", verified=True, received_on=today)  # blue
    client = login(users["inspector"])
    home = client.get(reverse("registry:home")).content.decode()
    yellow = f"{reverse('earlywarning:index')}?year={today.year}&amp;colour=yellow#units-at-colour"
    assert yellow in home  # the home page's figure opens the list behind it
    page = client.get(reverse("earlywarning:index"), {"year": today.year, "colour": "yellow"})
    assert [(unit.pk, points) for unit, points in page.context["units_at_colour"]] == [
        (org.finance.pk, 6)
    ]
    assert 'id="units-at-colour"' in page.content.decode()
    page = client.get(reverse("earlywarning:index"), {"year": today.year, "colour": "purple"})
    assert page.context["units_at_colour"] == [] and page.context["chosen_colour"] is None


def test_a_unit_leader_sees_only_their_units(make_warning, users, login, org):
    today = timezone.localdate()
    make_warning(summary="财政", verified=True, received_on=today)
    make_warning(unit=org.tax, summary="税务", verified=True, received_on=today)
    context = login(users["leader"]).get(reverse("earlywarning:index")).context
    assert {c: n for c, _, n in context["colours"]}["blue"] == 1
    assert login(users["nobody"]).get(reverse("earlywarning:index")).status_code == 403


def test_monthly_trend_counts_received_and_verified(make_warning):
    make_warning(verified=True, received_on=datetime.date(2026, 1, 5))
    make_warning(summary="b", received_on=datetime.date(2026, 3, 5))
    make_warning(summary="c", verified=True, received_on=datetime.date(2026, 3, 9))
    trend = monthly_trend(WarningInfo.objects.all(), until=datetime.date(2026, 3, 31), months=3)
    assert [(m["month"].month, m["received"], m["verified"]) for m in trend] == [
        (1, 1, 1),
        (2, 0, 0),
        (3, 2, 1),
    ]
    geometry = trend_geometry(trend)
    assert len(geometry["bars"]) == 6 and geometry["ticks"][-1]["value"] == 2


def test_axis_tops_are_round_numbers():
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 12, 51)] == [1, 1, 5, 10, 20, 100]


def test_source_filter_and_unit_filter_on_the_list(make_warning, users, login, org):
    make_warning(source=SourceType.HOTLINE, summary="热线")
    make_warning(unit=org.tax, summary="税务")
    client = login(users["inspector"])
    page = client.get(reverse("earlywarning:warning_list"), {"year": 2026, "source": "hotline"})
    assert [w.summary for w in page.context["page"]] == ["热线"]
    page = client.get(reverse("earlywarning:warning_list"), {"year": 2026, "unit": org.tax.pk})
    assert [w.summary for w in page.context["page"]] == ["税务"]
