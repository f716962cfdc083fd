"""The cycle dashboard raises only what is late against the phase in force today; misses
of earlier phases stay visible in grey, and the calendar strip marks today."""

import datetime
import re

import pytest
from django.urls import reverse

from pdca.choices import Milestone
from pdca.dashboard import cycle_units, dashboard_rows, phase_in_force

pytestmark = pytest.mark.django_db


def rows_on(cycle, user, day):
    return {r.unit.code: r for r in dashboard_rows(cycle, list(cycle_units(cycle, user)), day)}


def test_only_deadlines_of_the_phase_in_force_make_a_unit_late(cycle, users):
    measures = cycle.deadlines.get(milestone=Milestone.MEASURES)
    day = measures.due_on + datetime.timedelta(days=1)
    assert phase_in_force(cycle, day) == measures.phase

    tax = rows_on(cycle, users["inspector"], day)["TAX"]
    # The risk list was due in an earlier phase: missed, shown, but not raised.
    assert tax.submitted.state == "missing" and tax.submitted.missed_earlier
    assert not tax.submitted.late
    # The measures are due in this phase: that is what makes the unit late now.
    assert tax.approved.state == "missing" and tax.approved.late and tax.late


def test_after_the_last_phase_old_misses_do_not_paint_the_table_red(cycle, users):
    day = datetime.date(2026, 12, 1)
    assert phase_in_force(cycle, day) == list(cycle.phases.all())[-1]
    rows = rows_on(cycle, users["inspector"], day)
    assert not any(row.late for row in rows.values())
    assert all(row.submitted.missed_earlier for row in rows.values())


def test_the_page_greys_earlier_misses_and_marks_today(cycle, users, client, monkeypatch):
    from django.utils import timezone

    measures = cycle.deadlines.get(milestone=Milestone.MEASURES)
    day = measures.due_on + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)
    client.force_login(users["inspector"])
    body = client.get(reverse("pdca:cycle_dashboard", args=[cycle.pk])).content.decode()

    tax = re.search(r'<tr class="([^"]*)" data-unit="TAX">(.*?)</tr>', body, re.S)
    assert tax.group(1) == "late"
    assert "mark mark-missing earlier" in tax.group(2)  # the risk list, an earlier phase
    assert tax.group(2).count('class="mark mark-missing"') == 1  # the measures, this phase
    marker = re.search(r'id="today-marker">(.*?)</g>', body, re.S).group(1)
    assert day.strftime("%m-%d") in marker
    assert 'class="in-phase"' in body
