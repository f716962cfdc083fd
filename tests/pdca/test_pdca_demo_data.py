"""The cycle's demo data: loads on top of the registry's, and only once."""

from unittest import mock

import pytest
from django.apps import apps

from pdca.models import Cycle, Finding, RectificationItem, SamplingDraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    import registry.demo

    # Only the registry and this app: the other apps' demo data is theirs to test.
    configs = [c for c in apps.get_app_configs() if c.name in {"registry", "pdca"}]
    with mock.patch.object(registry.demo.django_apps, "get_app_configs", return_value=configs):
        yield registry.demo.seed_demo


def test_demo_loads_once(seed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = seed()
    assert (first["pdca_cycles"], first["pdca_draws"], first["pdca_findings"]) == (1, 1, 3)
    cycle = Cycle.objects.get(year=2026)
    assert cycle.deadlines.get(milestone="risk_lists").due_on.isoformat() == "2026-04-10"
    draw = SamplingDraw.objects.get(quarter="2026Q1")
    assert "CZ" in set(draw.inspections.values_list("unit__code", flat=True))
    assert Finding.objects.filter(inspection__draw=draw).count() == 3
    found = RectificationItem.objects.filter(finding__inspection__draw=draw)
    assert found.filter(status="closed").count() == 1
    from django.utils import timezone

    assert found.overdue(timezone.localdate()).count() == 1
    # Earlier items give the trends a history: closed off on time, late, and one still open.
    earlier = RectificationItem.objects.filter(finding__isnull=True)
    assert first["pdca_earlier_items"] == earlier.count() == 8
    assert {item.closed_on_time for item in earlier.filter(status="closed")} == {True, False}

    # A special inspection whose finding repeats the draw's on the same measure, and an
    # audit finding recorded from outside, each with its rectification item.
    assert first["pdca_other_sources"] == 2
    special = Finding.objects.get(inspection__isnull=False, inspection__draw__isnull=True)
    assert special.source.code == "special" and special.is_repeat
    assert special.repeat_of.inspection.draw == draw
    audit = Finding.objects.get(source__code="audit")
    assert audit.inspection is None and audit.reference == "明审报〔2026〕12号"
    assert audit.rectification.source.name == "审计"

    second = seed()
    assert not any(second.values())
    assert SamplingDraw.objects.count() == 1 and Finding.objects.count() == 5
