"""The integrity index counts the items the programme names: warnings (deductions), the
unit's appraisal, and rectification not closed off by its deadline; leaders differ."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.integrity import index_formula, integrity_indexes
from pdca.choices import RectificationSource, RectificationStatus
from pdca.models import RectificationItem
from registry.models import Person

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def leaders(org, users):
    """Two leaders of the finance bureau with logins, same unit, same everything else."""
    return (
        Person.objects.create(unit=org.finance, name="周局长", user=users["leader"]),
        Person.objects.create(unit=org.finance, name="罗副局长", user=users["incharge"]),
    )


def item(owner, *, due: int, closed_after: int | None = None, org=None):
    deadline = TODAY + datetime.timedelta(days=due)
    closed = None
    if closed_after is not None:
        closed = timezone.make_aware(
            datetime.datetime.combine(
                deadline + datetime.timedelta(days=closed_after), datetime.time(12)
            )
        )
    return RectificationItem.objects.create(
        unit=org,
        source=RectificationSource.OTHER,
        title="整改",
        owner=owner,
        deadline=deadline,
        status=RectificationStatus.CLOSED if closed else RectificationStatus.OPEN,
        closed_at=closed,
    )


def totals(people) -> list[int]:
    indexes = integrity_indexes(list(people), YEAR)
    return [indexes[p.pk].total for p in people]


@pytest.mark.skipif(TODAY.timetuple().tm_yday < 3, reason="needs a past day in this year")
def test_an_overdue_item_costs_points_and_leaders_differ(leaders, users, org):
    before = totals(leaders)
    assert before[0] == before[1]

    item(users["leader"], due=-1, org=org.finance)
    after = totals(leaders)
    assert after[0] == before[0] - 5 < 100
    assert after[1] == before[1]


def test_items_closed_on_time_or_not_yet_due_cost_nothing(leaders, users, org):
    before = totals(leaders)
    item(
        users["leader"],
        due=-1 if TODAY.timetuple().tm_yday > 2 else 0,
        closed_after=-1,
        org=org.finance,
    )
    item(users["leader"], due=20, org=org.finance)
    assert totals(leaders) == before


def test_the_page_shows_the_formula_it_computes(leaders, users, org, client):
    client.force_login(users["inspector"])
    body = client.get(reverse("assessment:unit_integrity", args=[org.finance.pk])).content.decode()
    formula = index_formula()
    assert all(rule in body for rule in formula)
    assert any("-5" in rule and "-15" in rule for rule in formula)  # the rectification term
