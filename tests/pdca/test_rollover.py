"""Starting next year's cycle: points in effect carried in for review, unfinished
rectification carried over, and the old cycle left exactly as it was."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.translation import gettext as _

from pdca.choices import ReviewDecision
from pdca.models import CarriedPoint, Cycle, RectificationItem
from pdca.services.cycles import cycle_roll_over
from registry.choices import RiskPointStatus

pytestmark = pytest.mark.django_db


def snapshot(cycle: Cycle) -> dict:
    """Everything that belongs to a cycle, as plain values."""
    cycle = Cycle.objects.get(pk=cycle.pk)
    return {
        "cycle": model_to_dict(cycle),
        "phases": [model_to_dict(p) for p in cycle.phases.all()],
        "deadlines": [model_to_dict(d) for d in cycle.deadlines.all()],
        "items": [model_to_dict(i) for i in cycle.rectification_items.all()],
        "history": cycle.history.count(),
        "phase_history": sum(p.history.count() for p in cycle.phases.all()),
    }


@pytest.fixture
def old_cycle(cycle, org, users, measures_in_effect, make_point):
    make_point(name="草稿风险点")  # a draft: not carried
    RectificationItem.objects.create(
        unit=org.finance,
        cycle=cycle,
        source="other",
        title="未完成整改",
        owner=users["leader"],
        deadline=datetime.date(2026, 12, 1),
    )
    RectificationItem.objects.create(
        unit=org.finance,
        cycle=cycle,
        source="other",
        title="已销号",
        owner=users["leader"],
        deadline=datetime.date(2026, 6, 1),
        status="closed",
    )
    return cycle


def test_rollover_carries_points_and_items_and_changes_nothing_old(
    old_cycle, users, measures_in_effect
):
    before = snapshot(old_cycle)
    new = cycle_roll_over(cycle=old_cycle, by=users["admin"])
    assert snapshot(old_cycle) == before
    assert (new.year, new.previous) == (2027, old_cycle)
    assert new.deadlines.get(milestone="risk_lists").due_on == datetime.date(2027, 4, 10)
    assert set(new.carried_points.values_list("risk_point_id", flat=True)) == {
        p.pk for p in measures_in_effect
    }
    assert [c.item.title for c in new.carried_items.select_related("item")] == ["未完成整改"]


def test_rollover_twice_is_refused(old_cycle, users):
    cycle_roll_over(cycle=old_cycle, by=users["admin"])
    with pytest.raises(Exception, match="2027"):
        cycle_roll_over(cycle=old_cycle, by=users["admin"])


def test_only_admins_roll_over(old_cycle, users, client):
    client.force_login(users["inspector"])
    response = client.post(reverse("pdca:cycle_rollover", args=[old_cycle.pk]))
    assert response.status_code == 403
    assert not Cycle.objects.filter(year=2027).exists()


def test_each_carried_point_is_confirmed_revised_or_retired(
    old_cycle, users, client, measures_in_effect
):
    new = cycle_roll_over(cycle=old_cycle, by=users["admin"])
    rows = {c.risk_point.name: c for c in new.carried_points.select_related("risk_point")}
    url = reverse("pdca:carried_points", args=[new.pk])
    client.force_login(users["staff"])
    page = client.get(url).content.decode()
    assert "12" in page  # the count of unreviewed points

    client.post(url, {"decision": "confirmed", "points": [rows["采购需求审核"].pk]})
    client.post(url, {"decision": "retired", "points": [rows["办公用品领用0"].pk]})
    client.post(url, {"decision": "revised", "points": [rows["办公用品领用1"].pk]})
    decisions = dict(
        CarriedPoint.objects.filter(cycle=new).values_list("risk_point__name", "decision")
    )
    assert decisions["采购需求审核"] == ReviewDecision.CONFIRMED
    assert decisions["办公用品领用0"] == ReviewDecision.RETIRED
    assert decisions["办公用品领用1"] == ReviewDecision.REVISED
    retired = rows["办公用品领用0"].risk_point
    retired.refresh_from_db()
    assert retired.status == RiskPointStatus.RETIRED
    assert rows["办公用品领用1"].risk_point.revisions.count() == 1
    assert CarriedPoint.objects.filter(cycle=new, decision="pending").count() == 9


def test_a_point_outside_ones_scope_cannot_be_reviewed(old_cycle, users, client):
    new = cycle_roll_over(cycle=old_cycle, by=users["admin"])
    carried = new.carried_points.first()
    client.force_login(users["taxhead"])
    response = client.post(
        reverse("pdca:carried_points", args=[new.pk]),
        {"decision": "confirmed", "points": [carried.pk]},
    )
    assert response.status_code == 403
    reason = _("You may not review “%(point)s”: it is outside the points you fill in or approve.")
    assert reason.split("“")[0] in response.content.decode()
    carried.refresh_from_db()
    assert carried.decision == ReviewDecision.PENDING
