"""Benchmark: a unit with 1,000 powers (2,000 steps, risk points on a third of them).

Runs in a throwaway test database (created and dropped here) on whatever
DATABASE_URL names; PostgreSQL is the meaningful target:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_powers \\
        .venv/bin/python bench/powers_list.py [--powers 1000]

Prints wall time and query count of: the power list page (50 and 200 rows),
the coverage report, a 12-step power page with its SVG chart, and the Excel
export of the whole list.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
os.environ["CELERY_BROKER_URL"] = "memory://"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from powers.models import FlowStep, PowerCategory, PowerItem, PowerPost, StepRisk  # noqa: E402
from registry.choices import Role, UnitKind  # noqa: E402
from registry.models import Department, Post, RiskCategory, RiskPoint, Unit  # noqa: E402
from registry.services import role_grant  # noqa: E402


def build(count: int) -> tuple[Unit, PowerItem]:
    district = Unit.objects.create(code="D", name="区", kind=UnitKind.DISTRICT)
    unit = Unit.objects.create(code="U", name="局", kind=UnitKind.ORGAN, parent=district)
    department = Department.objects.create(unit=unit, name="科")
    post = Post.objects.create(unit=unit, department=department, name="岗")
    categories = list(PowerCategory.objects.all())
    powers = PowerItem.objects.bulk_create(
        PowerItem(
            unit=unit,
            code=f"U-{n:05d}",
            name=f"事项{n}",
            category=categories[n % 12],
            department=department,
            is_major=n % 7 == 0,
        )
        for n in range(count)
    )
    steps = FlowStep.objects.bulk_create(
        FlowStep(power=power, order=order, name=f"步骤{order}", post=post)
        for index, power in enumerate(powers)
        for order in range(1, (13 if index == 0 else 3))
    )
    PowerPost.objects.bulk_create(PowerPost(power=p, post=post, role="undertake") for p in powers)
    points = [
        RiskPoint.objects.create(
            unit=unit,
            department=department,
            post=post,
            scope="post",
            name=f"点{level}",
            category=RiskCategory.objects.first(),
            level=level,
            year=2026,
        )
        for level in (1, 2, 3)
    ]
    StepRisk.objects.bulk_create(
        StepRisk(step=step, risk_point=points[i % 3]) for i, step in enumerate(steps[::3])
    )
    return unit, powers[0]


def measure(client: Client, label: str, url: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    print(f"{label:<40} {elapsed * 1000:8.1f} ms  {len(queries):3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--powers", type=int, default=1000)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        unit, long_power = build(args.powers)
        user = get_user_model().objects.create_user("bench")
        role_grant(user=user, role=Role.INSPECTOR, unit=unit.parent, by=None)
        client = Client()
        client.force_login(user)
        print(
            f"{connection.vendor}: {args.powers} powers, {FlowStep.objects.count()} steps, "
            f"{StepRisk.objects.count()} risk markers"
        )
        client.get(f"/powers/?unit={unit.pk}")  # warm up: templates compiled once
        measure(client, "power list, 50 rows", f"/powers/?unit={unit.pk}")
        measure(client, "power list, 200 rows", f"/powers/?unit={unit.pk}&per_page=200")
        measure(client, "power list, no-risk filter", f"/powers/?unit={unit.pk}&gap=no_risk")
        measure(client, "coverage report", f"/powers/coverage/{unit.pk}/")
        measure(client, "12-step power page with SVG chart", f"/powers/{long_power.pk}/")
        measure(client, "SVG download", f"/powers/{long_power.pk}/flow.svg")
        measure(client, "Excel export of the whole list", f"/powers/export.xlsx?unit={unit.pk}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
