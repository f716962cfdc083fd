"""Two workers sweeping at once on PostgreSQL: every due case escalates exactly once."""

import datetime
import threading
import time

import pytest
from django.db import connection

from earlywarning.choices import EventKind, Step
from earlywarning.models import CaseEvent, DisposalCase
from earlywarning.services import escalation
from tests.earlywarning.conftest import T0

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_workers_at_once_escalate_each_case_once(open_case, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) are what this exercises: PostgreSQL only")
    cases = [open_case(summary=f"问题{i}") for i in range(24)]
    now = T0 + datetime.timedelta(days=16)

    # Hold each batch's transaction open a moment, so the workers really overlap.
    record = escalation._record

    def slow_record(*args):
        time.sleep(0.2)
        return record(*args)

    monkeypatch.setattr(escalation, "_record", slow_record)
    start = threading.Barrier(2)
    results: dict[str, list] = {}

    def worker(name: str) -> None:
        try:
            start.wait()
            results[name] = escalation.escalate_due(now=now, batch_size=4)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    done = results["a"] + results["b"]
    assert sorted(e.case_id for e in done) == sorted(c.pk for c in cases)
    assert results["a"] and results["b"], "both workers should have taken batches"
    assert set(DisposalCase.objects.values_list("step", flat=True)) == {Step.INQUIRY}
    assert CaseEvent.objects.filter(kind=EventKind.ESCALATED).count() == len(cases)
    # And a third run right after finds nothing left to do.
    assert escalation.escalate_due(now=now) == []
