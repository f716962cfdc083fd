"""Benchmark: the register list at a million risk points, for every role.

Uses the database DATABASE_URL names (PostgreSQL; not a throwaway one: the data
takes minutes to build and is reused by the next run):

    DATABASE_URL=postgres://…/reg_bench .venv/bin/python bench/register_list.py \\
        [--points 1000000] [--units 1000] [--requests 20] [--explain]

Builds the district once with ``seed_scale`` (COPY), grows it to ``--points``
inside the database (each unit's points copied with their measures, so the
tree stays consistent), vacuums and analyzes it (as autovacuum would), then times each case with Django's test
client (server time: middleware, queries and template) and prints p50, p95 and
queries beside the goal (p95 ≤ 100 ms, a constant number of queries), with the
CPU time Django spent (p50: what a request costs on an idle machine, less the
database's own time) and the load average when the case ended: on a shared
2-core machine the server time is mostly waiting for a CPU.
``--explain`` adds EXPLAIN (ANALYZE, BUFFERS) of each query of each case.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from registry.filtersets import RiskPointFilterSet, ordering_for  # noqa: E402
from registry.models import Department, RiskPoint, Unit  # noqa: E402
from registry.paging import _Keys, encode_cursor  # noqa: E402
from registry.scale import ROOT_CODE, seed_scale  # noqa: E402

GOAL_MS = 100
ROLES = ["scale_inspector", "scale_leader", "scale_head", "scale_auditor"]


def build(points: int, units: int) -> None:
    call_command("migrate", verbosity=0)
    base = min(points, 100_000)
    report = seed_scale(units=units, points=base, stdout=sys.stdout)
    print(f"seed_scale: {report}")
    grow(points)
    with connection.cursor() as cursor:
        # What autovacuum does to a table that has just grown: hint bits and the
        # visibility map set (else the first reads of each page write it back).
        cursor.execute("VACUUM (ANALYZE) registry_riskpoint, registry_measure")
        cursor.execute("ANALYZE")


def grow(target: int) -> None:
    """Copy the district's points (and their measures) in the database until there
    are ``target``: each copy keeps its unit, department, post and people."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(id), max(id) FROM registry_riskpoint")
        have, low, high = cursor.fetchone()
        cursor.execute("SELECT max(id) FROM registry_measure")
        (measure_high,) = cursor.fetchone()
        if have >= target:
            return
        span = high - low + 1
        copies = -(-(target - have) // span)
        print(f"growing {have} → {target} points in {copies} copies …")
        for k in range(1, copies + 1):
            limit = min(span, target - have)
            offset = high + (k - 1) * span - low + 1
            started = time.monotonic()
            cursor.execute(_COPY_POINTS, [offset, offset, k, low, low + limit - 1])
            cursor.execute(
                _COPY_MEASURES,
                [measure_high * k, offset, low, low + limit - 1],
            )
            have += limit
            print(f"  copy {k}: {have} points ({time.monotonic() - started:.0f} s)")
            if have >= target:
                break
        for table in ("registry_riskpoint", "registry_measure"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )


_POINT_COLUMNS = (
    "unit_id, department_id, post_id, scope, name, manifestation, category_id, level, "
    "discovery_method, responsible_person_id, supervisor_id, time_limit, status, year, remarks, "
    "status_changed_at, revision_of_id, created_at, updated_at"
)
_COPY_POINTS = f"""
    INSERT INTO registry_riskpoint (id, code, {_POINT_COLUMNS})
    SELECT id + %s, 'P' || lpad((id + %s)::text, 7, '0') || '-' || %s, {_POINT_COLUMNS}
    FROM registry_riskpoint WHERE revision_of_id IS NULL AND id BETWEEN %s AND %s
"""
_COPY_MEASURES = """
    INSERT INTO registry_measure (id, risk_point_id, defence_line, text, responsible_person_id,
                                  due_date, status, sort_order)
    SELECT id + %s, risk_point_id + %s, defence_line, text, responsible_person_id,
           due_date, status, sort_order
    FROM registry_measure WHERE risk_point_id BETWEEN %s AND %s
"""


def deep_cursor(user, sort: str, position: int) -> str:
    """The cursor of the row at ``position`` in the user's list: a deep page."""
    queryset = RiskPointFilterSet({}, queryset=RiskPoint.objects.visible_to(user), user=user).qs
    ordering = ordering_for(sort)
    keys = _Keys(RiskPoint, ordering)
    position = min(position, queryset.count() // 2)
    row = queryset.with_list_relations().order_by(*keys.order())[position]
    return encode_cursor(keys.of(row))


def cases(user) -> list[tuple[str, dict]]:
    root = Unit.objects.get(code=ROOT_CODE)
    unit = Unit.objects.filter(path__startswith=root.path, depth=1).order_by("path")[5]
    department = Department.objects.filter(unit=unit).first()
    found = [
        ("first page", {}),
        ("unit filter", {"unit": unit.pk}),
        ("department filter", {"unit": unit.pk, "department": department.pk}),
        ("level 1", {"level": 1}),
        ("status active", {"status": "active"}),
        ("year 2025", {"year": 2025}),
        ("search 滥用自由裁量权 (5 chars)", {"q": "滥用自由裁量权"}),
        ("search 补助资金 (4 chars)", {"q": "补助资金"}),
        ("search 采购 (2 chars)", {"q": "采购"}),
        ("search code P0012345", {"q": "P0012345"}),
    ]
    for sort in ["name", "-name", "unit", "department", "post", "level", "category", "status",
                 "year", "-updated"]:  # fmt: skip
        found.append((f"sort {sort}", {"sort": sort}))
    found.append(("deep page (middle)", {"after": deep_cursor(user, "", 500_000), "page": 20001}))
    found.append(
        ("deep page sorted by name", {"sort": "name", "after": deep_cursor(user, "name", 300_000)})
    )
    found.append(("last page", {"last": "1"}))
    return found


def measure(client, params: dict, requests: int) -> tuple[float, float, float, int, int]:
    """p50 and p95 of the server time, p50 of the CPU time this process spent on a
    request (Django's share, without the waits for the database or for a CPU on a
    busy machine), the number of queries and the page's size."""
    url = reverse("registry:riskpoint_list")
    client.get(url, params)  # warm
    times, cpu = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return (
        statistics.median(times),
        p95,
        statistics.median(cpu),
        len(queries),
        len(response.content),
    )


def explain(client, params: dict) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("registry:riskpoint_list"), params)
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
            print("      " + sql[:200])
            for (line,) in cursor.fetchall():
                print("        " + line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup_test_environment()  # the test client's host, as in the test suite
    build(args.points, args.units)
    print(f"\nregister list, {RiskPoint.objects.count():,} points, {connection.vendor}; "
          f"goal p95 ≤ {GOAL_MS} ms, constant queries; load {os.getloadavg()}")  # fmt: skip
    failures = 0
    for username in args.roles.split(","):
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        print(f"\n{username}")
        print(f"  {'case':40} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} {'queries':>8} "
              f"{'KB':>6} {'load':>5}  goal")  # fmt: skip
        for name, params in cases(user):
            p50, p95, cpu, count, size = measure(client, params, args.requests)
            ok = p95 <= GOAL_MS
            failures += not ok
            print(f"  {name:40} {p50:8.1f} {p95:8.1f} {cpu:7.1f} {count:8d} {size / 1024:6.1f} "
                  f"{os.getloadavg()[0]:5.1f}  {'ok' if ok else 'MISSED'}")  # fmt: skip
            if args.explain:
                explain(client, params)
    print(f"\n{failures} case(s) missed the goal; load {os.getloadavg()}")


if __name__ == "__main__":
    main()
