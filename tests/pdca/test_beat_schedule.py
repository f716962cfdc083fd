"""The real beat entries, run as beat would run them (Celery eager), for a quarter end."""

import copy
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from config.celery import app
from pdca.models import Inspection, RectificationItem, SamplingDraw

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def entry(name: str) -> dict:
    return app.conf.beat_schedule[name]


def due_at(schedule, moment: datetime.datetime, last_run: datetime.datetime) -> bool:
    schedule = copy.copy(schedule)
    schedule.nowfun = lambda: moment
    return schedule.is_due(last_run).is_due


def run_as_beat(name: str, day: datetime.date, monkeypatch):
    """What beat does when the entry is due: send the task with the entry's arguments."""
    spec = entry(name)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks
    task = app.tasks[spec["task"]]
    return task.apply_async(args=spec.get("args", ()), kwargs=spec.get("kwargs", {})).get()


def test_the_sampling_entry_fires_on_the_last_day_of_march(monkeypatch, org, every_unit):
    schedule = entry("pdca-quarterly-sampling")["schedule"]
    evening = datetime.datetime(2026, 3, 31, 18, 0, 5, tzinfo=SHANGHAI)
    assert due_at(schedule, evening, datetime.datetime(2026, 3, 30, 18, 0, tzinfo=SHANGHAI))
    assert not due_at(
        schedule,
        datetime.datetime(2026, 4, 15, 18, 0, 5, tzinfo=SHANGHAI),
        datetime.datetime(2026, 4, 14, 18, 0, tzinfo=SHANGHAI),
    )

    assert run_as_beat("pdca-quarterly-sampling", datetime.date(2026, 3, 30), monkeypatch) == []
    assert not SamplingDraw.objects.exists()  # the 30th of March is not the quarter's end

    drawn = run_as_beat("pdca-quarterly-sampling", datetime.date(2026, 3, 31), monkeypatch)
    draw = SamplingDraw.objects.get()
    assert drawn == [draw.pk] and draw.quarter == "2026Q1" and draw.district == org.district
    assert Inspection.objects.filter(draw=draw).count() == 3  # FIN, FIN-TP, TAX; not the district

    # Beat firing again (or a second worker) finds the same draw.
    assert run_as_beat("pdca-quarterly-sampling", datetime.date(2026, 3, 31), monkeypatch) == drawn
    assert SamplingDraw.objects.count() == 1


def test_the_overdue_entry_runs_daily(monkeypatch, org, users):
    schedule = entry("pdca-flag-overdue-rectification")["schedule"]
    assert due_at(
        schedule,
        datetime.datetime(2026, 5, 2, 6, 30, 5, tzinfo=SHANGHAI),
        datetime.datetime(2026, 5, 1, 6, 30, tzinfo=SHANGHAI),
    )
    item = RectificationItem.objects.create(
        unit=org.finance,
        source="other",
        title="整改",
        owner=users["leader"],
        deadline=datetime.date(2026, 5, 1),
    )
    assert (
        run_as_beat("pdca-flag-overdue-rectification", datetime.date(2026, 5, 1), monkeypatch) == 0
    )
    assert (
        run_as_beat("pdca-flag-overdue-rectification", datetime.date(2026, 5, 2), monkeypatch) == 1
    )
    item.refresh_from_db()
    assert item.overdue_flagged_on == datetime.date(2026, 5, 2)
