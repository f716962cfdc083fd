"""Benchmark: the quarterly draw with its inspection tasks over 20,000 units, and the
daily overdue sweep over 200,000 rectification items.

Runs in a throwaway test database (created and dropped here) on whatever
DATABASE_URL names; PostgreSQL is the meaningful target:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_pdca \\
        .venv/bin/python bench/pdca_sampling.py [--units 20000] [--items 200000]

Prints wall time and the number of queries of each step. The counts must not
grow with the number of rows: every step reads and writes in bulk.
"""

import argparse
import datetime
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
# Notifications are delivered in-process, so their queries are counted too.
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from pdca.models import ChecklistItem, Inspection, RectificationItem  # noqa: E402
from pdca.sampling import Quarter  # noqa: E402
from pdca.services.cycles import cycle_create  # noqa: E402
from pdca.services.draws import draw_for_quarter, replay  # noqa: E402
from pdca.services.rectification import flag_overdue  # noqa: E402
from registry.choices import RiskPointStatus, RiskScope, Role, UnitKind  # noqa: E402
from registry.models import Measure, RiskCategory, RiskPoint, RoleAssignment, Unit  # noqa: E402


@contextmanager
def measured(label: str):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed:8.2f} s  {len(queries.captured_queries):6d} queries", flush=True)


def build_units(count: int) -> Unit:
    district = Unit.objects.create(code="BENCH", name="基准区", kind=UnitKind.DISTRICT)
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"B{i:06d}", name=f"单位{i}", kind=UnitKind.ORGAN, parent=district)
            for i in range(count)
        ],
        batch_size=5000,
    )
    for unit in units:
        unit.path, unit.depth = f"{district.path}{unit.pk}/", 1
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=5000)
    return district


def build_register(district: Unit, per_unit: int = 3, measures: int = 2) -> None:
    """Points in effect (levels 1, 2, 3 in turn) with their measures, for every unit."""
    category = RiskCategory.objects.first()
    unit_ids = Unit.objects.filter(parent=district).values_list("pk", flat=True)
    points = RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                unit_id=u,
                scope=RiskScope.UNIT,
                name=f"风险点{n}",
                category=category,
                level=n % 3 + 1,
                year=2026,
                status=RiskPointStatus.ACTIVE,
            )
            for u in unit_ids
            for n in range(per_unit)
        ],
        batch_size=5000,
    )
    Measure.objects.bulk_create(
        [
            Measure(risk_point=p, defence_line="prevention", text=f"措施{m}")
            for p in points
            for m in range(measures)
        ],
        batch_size=5000,
    )


def build_people(district: Unit, inspectors: int, owners: int) -> list:
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench{i}") for i in range(inspectors + owners)]
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=Role.INSPECTOR, unit=district) for u in users[:inspectors]]
    )
    return users


def build_items(district: Unit, count: int, users: list) -> None:
    today = timezone.localdate()
    unit_ids = list(Unit.objects.filter(parent=district).values_list("pk", flat=True))
    RectificationItem.objects.bulk_create(
        [
            RectificationItem(
                unit_id=unit_ids[i % len(unit_ids)],
                source="other",
                title=f"整改事项{i}",
                owner=users[5 + i % (len(users) - 5)],
                inspector=users[i % 5],
                deadline=today + datetime.timedelta(days=i % 200 - 100),
                status=("open", "evidence_submitted", "verified", "closed")[i % 4],
            )
            for i in range(count)
        ],
        batch_size=5000,
    )


def run(units: int, items: int) -> None:
    print(f"database: {connection.vendor}; {units} units, {items} rectification items\n")
    district = build_units(units)
    build_register(district)
    people = build_people(district, inspectors=5, owners=1000)
    cycle_create(district=district, year=2026, by=None)

    with measured(f"draw 2026Q1 over {units} units (+ inspections, checklists)"):
        draw, created = draw_for_quarter(district=district, quarter=Quarter(2026, 1))
    assert created
    print(
        f"  drawn {len(draw.selected)} units, {Inspection.objects.filter(draw=draw).count()} "
        f"inspections, {ChecklistItem.objects.filter(inspection__draw=draw).count()} checklist items"
    )
    with measured("the same draw again (idempotent)"):
        draw_for_quarter(district=district, quarter=Quarter(2026, 1))
    with measured("draw 2026Q2 (no repeats of 2026Q1)"):
        second, _ = draw_for_quarter(district=district, quarter=Quarter(2026, 2))
    assert not set(second.selected) & set(draw.selected)
    with measured("replay 2026Q1 from its seed"):
        assert replay(draw) == draw.selected

    build_items(district, items, people)
    with measured(f"daily overdue sweep over {items} items"):
        flagged = flag_overdue(today=timezone.localdate())
    print(f"  flagged {flagged} overdue items")
    with measured("the same sweep again (nothing new)"):
        assert flag_overdue(today=timezone.localdate()) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=200_000)
    args = parser.parse_args()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args.units, args.items)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
