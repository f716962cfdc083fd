"""Two people saving new points of one unit at the same moment get consecutive
ledger codes: the unit's sequence row is locked until each save commits."""

import threading

import pytest
from django.db import connection

from registry import services
from registry.models import RiskPoint

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_saves_at_once_get_consecutive_codes_without_gaps(org, users, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks are what this test exercises: it runs on PostgreSQL (CI's second pass)"
        )
    settings.LEDGER_CODE_PATTERN = "{unit_code}-{year}-{seq:04d}"
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def save(name: str) -> None:
        try:
            start.wait()
            services.risk_point_save(
                risk_point=RiskPoint(
                    unit=org.finance,
                    scope="unit",
                    name=name,
                    category=org.category,
                    level=3,
                    year=2026,
                ),
                measures=[],
                removed_measures=[],
                by=users["admin"],
            )
        except BaseException as error:  # reported below, with the thread's name
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"同时{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    codes = sorted(RiskPoint.objects.values_list("code", flat=True))
    assert codes == [f"FIN-2026-{n:04d}" for n in range(1, 5)]
