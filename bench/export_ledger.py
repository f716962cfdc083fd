"""Benchmark: the register's Excel export of 50,000 points against bare writers of the same rows.

Three writers, run interleaved (ours, openpyxl, xlsxwriter, ours, …) so a change in
the shared machine's load hits all three alike; each prints its median and spread:

- ours: ``registry.ledger.export.write_register`` on the points queryset, i.e. the
  query (values, measures joined by the database) and the workbook;
- openpyxl: a bare ``Workbook(write_only=True)`` appending the same rows, already
  read into memory (no query, no formula guard, no styles);
- xlsxwriter: a bare ``xlsxwriter.Workbook(constant_memory=True)`` writing the same
  rows (no query either).

Each run is a forked process; its peak memory is the growth of its resident size
over its size at the start (Linux: the high-water mark, reset first). The load average is
printed with every figure. Goal (issue 16): ours ≤ 1.0 × the bare openpyxl writer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_bench \\
        .venv/bin/python bench/export_ledger.py [--points 50000] [--runs 3]

Runs in a throwaway test database (created and dropped here), on PostgreSQL only.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402

from registry.choices import RiskScope, UnitKind  # noqa: E402
from registry.ledger import bulk  # noqa: E402
from registry.ledger.export import register_rows, write_register  # noqa: E402
from registry.models import (  # noqa: E402
    Department,
    Measure,
    Person,
    Post,
    RiskCategory,
    RiskPoint,
    Unit,
)

UNITS, DEPARTMENTS, POSTS, MEASURES = 50, 10, 4, 3


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def build(points: int) -> None:
    """A district of UNITS units, each with departments, posts and people; ``points`` points
    spread over the posts, each with MEASURES measures. Inserted with COPY on PostgreSQL."""
    district = Unit.objects.create(code="BENCH", name="基准区", kind=UnitKind.DISTRICT)
    units = [
        Unit.objects.create(code=f"B{i:03d}", name=f"单位{i}", kind=UnitKind.ORGAN, parent=district)
        for i in range(UNITS)
    ]
    departments = Department.objects.bulk_create(
        Department(unit=u, name=f"科室{d}") for u in units for d in range(DEPARTMENTS)
    )
    posts = Post.objects.bulk_create(
        Post(unit_id=d.unit_id, department=d, name=f"岗位{p}")
        for d in departments
        for p in range(POSTS)
    )
    people = Person.objects.bulk_create(
        Person(unit_id=p.unit_id, department_id=p.department_id, name=f"干部{n}")
        for n, p in enumerate(posts)
    )
    categories = list(RiskCategory.objects.values_list("pk", flat=True))
    rows = []
    for n in range(points):
        post, person = posts[n % len(posts)], people[n % len(people)]
        rows.append(
            {
                "unit_id": post.unit_id,
                "department_id": post.department_id,
                "post_id": post.pk,
                "scope": RiskScope.POST,
                "code": f"FX{n:07d}",
                "name": f"审批环节未按规定程序办理的风险点{n}",
                "manifestation": "利用审批权限为他人谋取利益，违规办理审批事项，收受好处",
                "category_id": categories[n % len(categories)],
                "level": 1 + n % 3,
                "responsible_person_id": person.pk,
                "supervisor_id": person.pk,
                "time_limit": "长期",
                "status": "active",
                "year": 2026,
                "remarks": "=不是公式" if n % 100 == 0 else "",
            }
        )
    ids = bulk.insert(RiskPoint, rows)
    bulk.insert(
        Measure,
        [
            {
                "risk_point_id": pk,
                "defence_line": "prevention",
                "text": f"严格执行集体研究制度，第{m}道防线加强监督检查",
                "sort_order": m,
            }
            for pk in ids
            for m in range(MEASURES)
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def ours(path: str) -> None:
    write_register(RiskPoint.objects.order_by("unit__path", "level", "id"), path)


def bare_openpyxl(rows, path: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("风险点登记表")
    for row in rows:
        sheet.append(row)
    book.save(path)


def bare_xlsxwriter(rows, path: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("风险点登记表")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()


def forked(write) -> tuple[float, float]:
    """Seconds and peak growth of resident memory (MB) of ``write`` run in a child: the
    child resets its high-water mark (/proc/self/clear_refs) and reports VmHWM − VmRSS."""
    connections.close_all()  # the child opens its own connection
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        start_kb = _status_kb("VmRSS")
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            write(os.path.join(folder, "out.xlsx"))
            elapsed = time.perf_counter() - started
        peak_mb = max(0, _status_kb("VmHWM") - start_kb) / 1024
        os.write(write_end, f"{elapsed} {peak_mb}".encode())
        os._exit(0)
    os.close(write_end)
    _pid, status = os.waitpid(pid, 0)
    reported = os.read(read, 128).decode().split()
    os.close(read)
    if status != 0 or len(reported) != 2:
        raise SystemExit(f"writer failed in the child (status {status})")
    return float(reported[0]), float(reported[1])


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL): each run is a forked process.")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        build(args.points)
        print(f"{connection.vendor}: {args.points:,} points, {args.points * MEASURES:,} measures "
              f"(built in {time.perf_counter() - started:.1f} s; {load()})", flush=True)  # fmt: skip
        rows = list(register_rows(RiskPoint.objects.order_by("unit__path", "level", "id")))
        writers = {
            "ours (query + registry.excel)": ours,
            "bare openpyxl write-only": lambda path: bare_openpyxl(rows, path),
            "bare xlsxwriter constant_memory": lambda path: bare_xlsxwriter(rows, path),
        }
        results = {label: [] for label in writers}
        for run in range(1, args.runs + 1):
            for label, write in writers.items():
                seconds, peak = forked(write)
                results[label].append((seconds, peak))
                print(f"run {run}  {label:<34} {seconds:7.2f} s  peak +{peak:6.0f} MB  ({load()})",
                      flush=True)  # fmt: skip
        print("\nmedians of", args.runs, "interleaved runs:")
        medians = {label: statistics.median(s for s, _ in runs) for label, runs in results.items()}
        bare = medians["bare openpyxl write-only"]
        for label, runs in results.items():
            print(f"  {label:<34} {medians[label]:7.2f} s  ({medians[label] / bare:4.2f} × openpyxl)"
                  f"  peak +{max(p for _, p in runs):6.0f} MB")  # fmt: skip
        verdict = "met" if medians["ours (query + registry.excel)"] <= bare else "NOT met"
        print(f"goal: ours ≤ 1.0 × bare openpyxl: {verdict}  ({load()})")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
