"""Two workers drawing the same quarter at the same moment: one draw, by constraint."""

import threading
import time

import pytest
from django.db import connection

from pdca.models import ChecklistItem, Inspection, SamplingDraw
from pdca.sampling import Quarter
from pdca.services import draws

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_workers_at_once_make_exactly_one_draw(district_of, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the unique index under concurrent inserts is what this exercises: PostgreSQL")
    district = district_of(40)
    start = threading.Barrier(2)
    real_candidates = draws.candidate_units

    def in_step(unit):
        # Both workers have looked for an existing draw and found none before either inserts.
        rows = list(real_candidates(unit))
        start.wait(timeout=10)
        time.sleep(0.2)
        return draws.Unit.objects.filter(pk__in=[u.pk for u in rows]).order_by("path", "pk")

    monkeypatch.setattr(draws, "candidate_units", in_step)
    results: dict[str, tuple] = {}

    def worker(name: str) -> None:
        try:
            draw, created = draws.draw_for_quarter(district=district, quarter=Quarter(2026, 1))
            results[name] = (draw.pk, created, draw.selected)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert SamplingDraw.objects.count() == 1
    assert sorted(created for _pk, created, _sel in results.values()) == [False, True]
    assert len({pk for pk, _c, _s in results.values()}) == 1
    assert len({tuple(sel) for _pk, _c, sel in results.values()}) == 1  # both report the winner's
    assert Inspection.objects.count() == 4
    assert not ChecklistItem.objects.exclude(inspection__draw__district=district).exists()
