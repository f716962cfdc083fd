"""Two people acting on the same list at once: exactly one wins, nothing is lost."""

import threading
import time

import pytest
from django.db import connection

from registry import workflow
from registry.choices import RiskPointStatus as S
from registry.models import RiskList, RiskPoint, SignOff
from registry.workflow import ConflictError, return_points, risk_list_for, transition_points

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def point_awaiting_decision(point_with_measures, users):
    point = point_with_measures
    for name, user in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        risk_list = risk_list_for(point)
        transition_points(
            name=name,
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users[user],
            expected_version=None,
        )
    return point


def test_approve_and_return_at_once_exactly_one_wins(point_awaiting_decision, users, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks are what this test exercises: it runs on PostgreSQL (CI's second pass)"
        )
    point = point_awaiting_decision
    risk_list = risk_list_for(point)
    version = risk_list.version

    # Hold each winner's transaction open a moment so the other really waits on the lock.
    lock_points = workflow._lock_points

    def slow_lock(*args, **kwargs):
        time.sleep(0.5)
        return lock_points(*args, **kwargs)

    monkeypatch.setattr(workflow, "_lock_points", slow_lock)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def approve():
        transition_points(
            name="approve",
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users["leader"],
            expected_version=version,
        )

    def send_back():
        return_points(
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users["inspector"],
            expected_version=version,
            reason="公示前再核实",
        )

    def run(name, action):
        try:
            start.wait()
            action()
            outcomes[name] = "won"
        except ConflictError as conflict:
            outcomes[name] = f"lost: {conflict}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=a) for a in [("approve", approve), ("return", send_back)]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, result in outcomes.items() if result == "won"]
    assert len(winners) == 1, outcomes
    loser = next(result for result in outcomes.values() if result != "won")
    assert ("leader" in loser) or ("inspector" in loser)
    point.refresh_from_db()
    recorded = list(SignOff.objects.filter(risk_point=point, action__in=["approve", "return"]))
    assert len(recorded) == 1
    expected_status = S.ON_NOTICE if winners == ["approve"] else S.DEPARTMENT_REVIEWED
    assert point.status == expected_status
    assert RiskList.objects.get(pk=risk_list.pk).version == version + 1
    assert RiskPoint.objects.filter(pk=point.pk).count() == 1
