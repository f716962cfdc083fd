"""Benchmark: the change log at ten million history rows.

Uses the database DATABASE_URL names (PostgreSQL), after bench/register_list.py
has built the district there (a million points, three million measures):

    DATABASE_URL=postgres://…/reg_bench .venv/bin/python bench/change_log.py \\
        [--rows 10000000] [--requests 20] [--explain]

Adds history rows inside the database until the risk-point and measure history
tables hold ``--rows`` between them (edits spread over three years, by the
district's people, so every page has real diffs), vacuums and analyzes them, then times the
auditor's change log (first page, each filter, a deep page reached by its
cursor) with Django's test client and prints p50, p95 and queries beside the
goal (p95 ≤ 150 ms), with the median CPU time of this process (Python: view,
template) and time in SQL: on a shared machine the wall time also counts the
waits for a core, and those two say what the page itself costs.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from registry.models import Measure, RiskPoint, Unit  # noqa: E402
from registry.paging import encode_cursor  # noqa: E402
from registry.scale import ROOT_CODE  # noqa: E402

GOAL_MS = 150
URL = reverse("registry:change_log")

_POINT_EDITS = """
    INSERT INTO registry_historicalriskpoint
        (id, scope, code, name, manifestation, level, discovery_method, time_limit, status, year,
         remarks, created_at, updated_at, history_date, history_change_reason, history_type,
         department_id, history_user_id, responsible_person_id, supervisor_id, post_id,
         category_id, unit_id, revision_of_id, status_changed_at)
    SELECT r.id, r.scope, r.code, r.name || CASE WHEN v %% 2 = 0 THEN '（修订）' ELSE '' END,
           r.manifestation, 1 + (r.id + v) %% 3, r.discovery_method, r.time_limit, r.status, r.year,
           r.remarks, r.created_at, r.updated_at,
           now() - make_interval(secs => ((r.id * 7919 + v * 104729) %% 94608000)::float8),
           NULL, '~', r.department_id, NULL, r.responsible_person_id, r.supervisor_id, r.post_id,
           r.category_id, r.unit_id, NULL, NULL
    FROM registry_riskpoint r CROSS JOIN generate_series(1, %s) v
    WHERE r.id BETWEEN %s AND %s
"""
_MEASURE_EDITS = """
    INSERT INTO registry_historicalmeasure
        (id, defence_line, text, due_date, status, sort_order, history_date,
         history_change_reason, history_type, history_user_id, responsible_person_id, risk_point_id)
    SELECT m.id, m.defence_line, m.text, m.due_date, m.status, m.sort_order,
           now() - make_interval(secs => ((m.id * 6007) %% 94608000)::float8),
           NULL, '~', NULL, m.responsible_person_id, m.risk_point_id
    FROM registry_measure m WHERE m.id BETWEEN %s AND %s
"""


def history_rows(cursor) -> int:
    cursor.execute(
        "SELECT (SELECT count(*) FROM registry_historicalriskpoint)"
        " + (SELECT count(*) FROM registry_historicalmeasure)"
    )
    return cursor.fetchone()[0]


def build(target: int) -> None:
    """Edits of every measure once, then of the points, until ``target`` rows."""
    with connection.cursor() as cursor:
        have = history_rows(cursor)
        if have < target and not _measures_done(cursor):
            cursor.execute("SELECT min(id), max(id) FROM registry_measure")
            low, high = cursor.fetchone()
            for start in range(low, high + 1, 500_000):
                cursor.execute(_MEASURE_EDITS, [start, start + 499_999])
            have = history_rows(cursor)
            print(f"measure edits: {have:,} history rows")
        cursor.execute("SELECT min(id), max(id) FROM registry_riskpoint")
        low, high = cursor.fetchone()
        start = low
        # Enough edits of each point to reach the target in one pass over the points.
        versions = max(1, -(-(target - have) // (high - low + 1)))
        while have < target and start <= high:
            step = max(1, min(200_000, (target - have) // versions))
            started = time.monotonic()
            cursor.execute(_POINT_EDITS, [versions, start, start + step - 1])
            start += step
            have = history_rows(cursor)
            print(f"  {have:,} history rows ({time.monotonic() - started:.0f} s)")
        cursor.execute("VACUUM (ANALYZE) registry_historicalriskpoint, registry_historicalmeasure")


def _measures_done(cursor) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM registry_historicalmeasure WHERE history_type = '~')"
    )
    return cursor.fetchone()[0]


def cases() -> list[tuple[str, dict]]:
    root = Unit.objects.get(code=ROOT_CODE)
    unit = Unit.objects.filter(path__startswith=root.path, depth=1).order_by("path")[5]
    year_ago = timezone.localdate() - timedelta(days=365)
    point = RiskPoint.history.order_by("-history_date").values_list("history_date", flat=True)
    deep_when = point[2_000_000] if RiskPoint.history.count() > 2_000_000 else point.last()
    return [
        ("first page", {}),
        ("risk points only", {"model": "riskpoint"}),
        ("measures only", {"model": "measure"}),
        ("one unit", {"unit": unit.pk}),
        ("changed by a user", {"user": get_user_model().objects.get(username="scale_head").pk}),
        ("one day a year ago", {"date_from": year_ago, "date_to": year_ago}),
        ("deep page (2,000,000 changes back)",
         {"after": encode_cursor([deep_when.isoformat(), "riskpoint", 1]), "page": 40001}),
    ]  # fmt: skip


def measure(client, params: dict, requests: int) -> tuple[float, float, float, float, int]:
    """p50 and p95 of the server time; p50 of this process's CPU time and of the
    time spent in SQL (wall time counts waiting for a core on a shared machine)."""
    client.get(URL, params)
    times, cpu, sql = [], [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(URL, params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return (
        statistics.median(times),
        p95,
        statistics.median(cpu),
        statistics.median(sql),
        len(queries),
    )


def explain(client, params: dict) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, params)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
    with connection.cursor() as cursor:
        for query in slowest:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {query['sql']}")
            print(f"      ({query['time']} s) {query['sql'][:160]}")
            for (line,) in cursor.fetchall()[-int(os.environ.get("EXPLAIN_LINES", 12)) :]:
                print("        " + line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    build(args.rows)
    with connection.cursor() as cursor:
        rows = history_rows(cursor)
    print(f"\nchange log, {rows:,} risk-point and measure history rows "
          f"({Measure.objects.count():,} measures); goal p95 ≤ {GOAL_MS} ms; "
          f"load {os.getloadavg()}")  # fmt: skip
    client = Client()
    client.force_login(get_user_model().objects.get(username="scale_auditor"))
    print(
        f"  {'case':40} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} {'sql ms':>7} {'queries':>8}  goal"
    )
    for name, params in cases():
        p50, p95, cpu, sql, count = measure(client, params, args.requests)
        print(f"  {name:40} {p50:8.1f} {p95:8.1f} {cpu:7.1f} {sql:7.1f} {count:8d}  "
              f"{'ok' if p95 <= GOAL_MS else 'MISSED'}")  # fmt: skip
        if args.explain:
            explain(client, params)
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
