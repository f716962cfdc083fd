"""Trends per quarter: new points by level, warnings, rectification closed off on time —
bucketed by quarter, in a number of queries that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from earlywarning.models import WarningInfo
from earlywarning.trends import district_trends, last_quarters, quarter_start
from pdca.choices import RectificationSource, RectificationStatus
from pdca.models import RectificationItem
from registry.models import RiskPoint

TODAY = datetime.date(2026, 11, 20)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def history(org, users, make_point):
    def point(level, day):
        p = make_point(level=level, name=f"p{day}{level}")
        RiskPoint.objects.filter(pk=p.pk).update(created_at=at(day))

    point(1, datetime.date(2026, 2, 3))
    point(2, datetime.date(2026, 3, 30))
    point(2, datetime.date(2026, 8, 1))
    point(3, datetime.date(2025, 1, 15))  # before the eight quarters: counted on the register

    for day, source in [
        (datetime.date(2026, 5, 5), "hotline"),
        (datetime.date(2026, 6, 9), "complaint"),
    ]:
        WarningInfo.objects.create(
            unit=org.finance, source_type=source, received_on=day, summary="线索"
        )

    def rect(deadline, closed=None):
        RectificationItem.objects.create(
            unit=org.finance,
            source=RectificationSource.OTHER,
            title="整改",
            owner=users["leader"],
            deadline=deadline,
            status=RectificationStatus.CLOSED if closed else RectificationStatus.OPEN,
            closed_at=at(closed) if closed else None,
        )

    rect(datetime.date(2026, 7, 10), closed=datetime.date(2026, 7, 1))  # on time
    rect(datetime.date(2026, 8, 10), closed=datetime.date(2026, 8, 20))  # late
    rect(datetime.date(2026, 9, 10))  # open past its deadline
    rect(datetime.date(2026, 12, 10))  # not yet due
    return org


def values(chart, css: str) -> dict:
    return {
        label["text"]: bar["value"]
        for label in chart["labels"]
        for bar in chart["bars"]
        if bar["css"] == css and abs(float(bar["x"]) - float(label["x"])) < chart["slot"] / 2
    }


def test_quarters_run_up_to_today():
    quarters = last_quarters(TODAY)
    assert len(quarters) == 8 and quarters[-1] == quarter_start(TODAY) == datetime.date(2026, 10, 1)
    assert quarters[0] == datetime.date(2025, 1, 1)


def test_points_warnings_and_rectification_fall_in_their_quarters(history, users):
    trends = district_trends(user=users["inspector"], today=TODAY)

    assert values(trends["new_points"], "fill-level-1") == {"2026Q1": 1}
    assert values(trends["new_points"], "fill-level-2") == {"2026Q1": 1, "2026Q3": 1}
    assert values(trends["new_points"], "fill-level-3") == {"2025Q1": 1}
    assert values(trends["points_by_level"], "fill-level-2")["2026Q4"] == 2
    assert values(trends["warnings"], "fill-received") == {
        q: n
        for q, n in zip(
            ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"],
            [0, 0, 0, 0, 0, 2, 0, 0],
            strict=True,
        )
    }
    rows = dict(trends["rectification_rows"])
    assert rows["2026Q3"] == [1, 1, 1, 0] and rows["2026Q4"] == [0, 0, 0, 1]
    heads = {h["text"] for h in trends["rectification"]["heads"]}
    assert "33%" in heads  # one of the three already due was closed off on time


def test_trends_are_scoped(history, users):
    trends = district_trends(user=users["taxhead"], today=TODAY)
    assert not trends["new_points"]["bars"]


def test_the_page_takes_a_fixed_number_of_queries(
    history, users, client, make_point, django_assert_max_num_queries
):
    client.force_login(users["inspector"])
    url = reverse("earlywarning:trends")
    with django_assert_max_num_queries(20) as first:
        assert client.get(url).status_code == 200
    for i in range(20):
        make_point(level=1 + i % 3, name=f"more{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = client.get(url).content.decode()
    assert 'id="trend-rectification"' in body
    client.force_login(users["nobody"])
    assert client.get(url).status_code == 403
