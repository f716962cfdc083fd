"""Benchmark: the daily PDCA intake and the officers' monthly check, at two sizes.

Runs in a throwaway test database (created and dropped here) on whatever
DATABASE_URL names; PostgreSQL is the meaningful target:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_bench \\
        .venv/bin/python bench/earlywarning_sweeps.py [--sizes 1000 10000]

For each size N: N findings plus N overdue rectification items to take in, and
N information officers whose last two monthly reports are missing. Prints wall
time and the number of queries of each sweep (the same at every size, up to
one insert per thousand rows), then of a second run, which must find nothing.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
os.environ["CELERY_BROKER_URL"] = "memory://"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from earlywarning.models import InformationOfficer  # noqa: E402
from earlywarning.pdca_intake import take_in_pdca  # noqa: E402
from earlywarning.services.officers import remind_missing_reports  # noqa: E402
from pdca.models import Finding, Inspection, RectificationItem, SamplingDraw  # noqa: E402
from registry.choices import Role, UnitKind  # noqa: E402
from registry.models import Person, Unit  # noqa: E402
from registry.services import role_grant  # noqa: E402

TODAY = datetime.date(2026, 3, 29)
CHUNK = 5000


def build(size: int, tag: str) -> None:
    """Fifty units, an inspector, and ``size`` rows of each kind (bulk inserts)."""
    district = Unit.objects.create(code=f"B{tag}", name=f"基准区{tag}", kind=UnitKind.DISTRICT)
    units = [
        Unit.objects.create(
            code=f"B{tag}-{i:02d}", name=f"单位{tag}-{i}", kind=UnitKind.ORGAN, parent=district
        )
        for i in range(50)
    ]
    inspector = get_user_model().objects.create_user(f"bench-inspector-{tag}")
    role_grant(user=inspector, role=Role.INSPECTOR, unit=district, by=None)
    draw = SamplingDraw.objects.create(
        district=district, quarter="2026Q1", percent=10, level3_percent=10, seed=1
    )
    inspection = Inspection.objects.create(draw=draw, unit=units[0], inspector=inspector)
    Finding.objects.bulk_create(
        (
            Finding(
                inspection=inspection,
                unit=units[n % 50],
                severity="serious",
                description=f"问题{n}",
                created_by=inspector,
            )
            for n in range(size)
        ),
        batch_size=CHUNK,
    )
    RectificationItem.objects.bulk_create(
        (
            RectificationItem(
                unit=units[n % 50],
                source="other",
                title=f"整改{n}",
                owner=inspector,
                deadline=TODAY - datetime.timedelta(days=3),
            )
            for n in range(size)
        ),
        batch_size=CHUNK,
    )
    people = Person.objects.bulk_create(
        (Person(unit=units[n % 50], name=f"信息员{n}") for n in range(size)), batch_size=CHUNK
    )
    InformationOfficer.objects.bulk_create(
        (
            InformationOfficer(unit=p.unit, person=p, appointed_on=datetime.date(2026, 1, 1))
            for p in people
        ),
        batch_size=CHUNK,
    )


def measure(label: str, call) -> int:
    """Wall time and queries of ``call``, with its after-commit publishing of reminders."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
    print(f"  {label:<36} {elapsed:8.2f} s  {count:5d} queries  {result:7d} rows", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        for size in args.sizes:
            build(size, str(size))
            print(f"{connection.vendor}, N = {size:,}:")
            assert measure("PDCA intake", lambda: take_in_pdca(today=TODAY)) == 2 * size
            assert measure("PDCA intake again", lambda: take_in_pdca(today=TODAY)) == 0
            check = lambda: remind_missing_reports(today=TODAY)  # noqa: E731
            assert measure("officers' monthly check", check) == 2 * size
            assert measure("officers' monthly check again", check) == 0
            # Each size starts from nothing taken in.
            cleanup()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def cleanup() -> None:
    from earlywarning.models import Deduction, OfficerReport, WarningInfo
    from registry.models import OutboxMessage

    for model in (Deduction, OfficerReport, InformationOfficer, WarningInfo, OutboxMessage):
        model.objects.all().delete()
        model.history.all().delete() if hasattr(model, "history") else None
    RectificationItem.objects.all().delete()
    Finding.objects.all().delete()


if __name__ == "__main__":
    main()
