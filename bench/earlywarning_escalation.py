"""Benchmark: the escalation sweep over 1,000,000 open disposal cases, 10,000 of them due.

Runs in a throwaway test database (created and dropped here) on whatever
DATABASE_URL names; PostgreSQL is the meaningful target:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_earlywarning \\
        .venv/bin/python bench/earlywarning_escalation.py [--cases 1000000] [--due 10000]

Prints the query plan of the due-case query (it must use the partial index
``case_escalation_due``, never a scan of the open cases), then wall time and
the number of queries of the sweep, and of a second sweep right after (which
must find nothing); the one-time URLconf import a fresh process pays at its first
``reverse`` is loaded and timed before, on its own line. Notifications are queued on an in-memory broker: their
delivery is the worker's job, not the sweep's.
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from earlywarning.models import CaseEvent, DisposalCase, WarningInfo  # noqa: E402
from earlywarning.services.escalation import escalate_due  # noqa: E402
from registry.choices import Role, UnitKind  # noqa: E402
from registry.models import Unit  # noqa: E402
from registry.services import role_grant  # noqa: E402


def build(cases: int, due: int, now: datetime.datetime) -> None:
    """Units, an inspector, and ``cases`` warnings each with an open case; the first
    ``due`` past their deadline. Rows are generated inside the database."""
    from django.contrib.auth import get_user_model

    district = Unit.objects.create(code="BENCH", name="基准区", kind=UnitKind.DISTRICT)
    units = [
        Unit.objects.create(code=f"B{i:03d}", name=f"单位{i}", kind=UnitKind.ORGAN, parent=district)
        for i in range(50)
    ]
    inspector = get_user_model().objects.create_user("bench-inspector")
    role_grant(user=inspector, role=Role.INSPECTOR, unit=district, by=None)
    first_unit = units[0].pk
    series = (
        "generate_series(1, %s) AS n"
        if connection.vendor == "postgresql"
        else "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
        "SELECT n FROM s) AS g"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO earlywarning_warninginfo
                (unit_id, source_type, received_on, summary, facts, complainant_name,
                 complainant_contact, complainant_note, verification, verification_reason,
                 is_major, created_at)
                SELECT {first_unit} + (n %% 50), 'complaint', %s, '问题' || n, '事实', '', '', '',
                       'verified', '属实', FALSE, %s FROM {series}""",
            [now.date(), now, cases],
        )
        cursor.execute(
            """INSERT INTO earlywarning_disposalcase
                (warning_id, unit_id, step, status, step_started_at, deadline, inquiry_answer,
                 interview_minutes, decision, responsible, resolution, evidence, evidence_file,
                 evidence_file_name,
                 opened_at)
                SELECT w.id, w.unit_id, 1 + (w.id %% 3), 'open', %s,
                       CASE WHEN w.id <= (SELECT MIN(id) FROM earlywarning_warninginfo) + %s - 1
                            THEN %s ELSE %s END,
                       '', '', '', '', '', '', '', '', %s
                FROM earlywarning_warninginfo w""",
            [now, due, now - datetime.timedelta(hours=1), now + datetime.timedelta(days=30), now],
        )
        cursor.execute("ANALYZE")


def sweep(label: str, now: datetime.datetime) -> int:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        done = escalate_due(now=now)
        elapsed = time.perf_counter() - start
    print(
        f"{label:<44} {elapsed:8.2f} s  {len(queries.captured_queries):6d} queries  "
        f"{len(done):6d} escalated",
        flush=True,
    )
    return len(done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        now = timezone.now()
        start = time.perf_counter()
        build(args.cases, args.due, now)
        open_cases = DisposalCase.objects.filter(status="open").count()
        print(
            f"{connection.vendor}: {WarningInfo.objects.count():,} warnings, {open_cases:,} open "
            f"cases, {args.due:,} due (built in {time.perf_counter() - start:.1f} s)"
        )
        plan = DisposalCase.objects.due_for_escalation(now).order_by("deadline", "id")[:500]
        print("plan of the due-case query:\n  " + plan.explain().replace("\n", "\n  "))
        assert "case_escalation_due" in plan.explain(), "the due query must use the partial index"
        # The notices name URLs: the first ``reverse`` in a process imports every app's
        # URLconf, once per worker process, not per sweep. Load it here and say what it cost.
        start = time.perf_counter()
        reverse("earlywarning:case_list")
        print(
            f"{'URLconf import (once per worker process)':<44} {time.perf_counter() - start:8.2f} s"
        )
        escalated = sweep("escalation sweep", now)
        assert escalated == args.due, (escalated, args.due)
        assert CaseEvent.objects.filter(kind="escalated").count() == args.due
        assert sweep("second sweep (nothing left to do)", now) == 0
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
