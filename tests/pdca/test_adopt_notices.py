"""Rectification notices of unqualified units (assessment) become tracked items."""

import datetime

import pytest
from django.utils import timezone

from assessment.models import RectificationNotice
from pdca.models import RectificationItem
from pdca.services.notices import adopt_rectification_notices

pytestmark = pytest.mark.django_db


def notice(unit, by, text="考核不合格：风险点查找不全") -> RectificationNotice:
    return RectificationNotice.objects.create(
        unit=unit,
        year=2026,
        issued_at=timezone.now(),
        deadline=datetime.date(2026, 12, 31),
        text=text,
        issued_by=by,
    )


def test_notices_become_items_owned_by_the_main_leader(org, users, cycle):
    sent = notice(org.finance, users["inspector"])
    assert adopt_rectification_notices() == 1
    item = RectificationItem.objects.get()
    assert (item.notice, item.owner, item.inspector) == (sent, users["leader"], users["inspector"])
    assert (item.source.code, item.deadline, item.cycle, item.unit) == (
        "rectification_notice",
        datetime.date(2026, 12, 31),
        cycle,
        org.finance,
    )
    sent.refresh_from_db()
    assert sent.adopted_at is not None


def test_adoption_runs_once(org, users):
    notice(org.finance, users["inspector"])
    adopt_rectification_notices()
    assert adopt_rectification_notices() == 0
    assert RectificationItem.objects.count() == 1


def test_a_unit_without_a_leader_waits(org, users):
    waiting = notice(org.tax, users["inspector"])
    assert adopt_rectification_notices() == 0
    waiting.refresh_from_db()
    assert waiting.adopted_at is None


def test_the_beat_entry_adopts(org, users):
    from config.celery import app

    notice(org.finance, users["inspector"])
    app.loader.import_default_modules()
    spec = app.conf.beat_schedule["pdca-adopt-rectification-notices"]
    assert app.tasks[spec["task"]].apply_async().get() == 1
