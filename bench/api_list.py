"""Benchmark: the API's risk-point list at 100,000 points on PostgreSQL.

Walks ``--pages`` pages of ``/api/v1/risk-points/`` by cursor as a district inspector
(through the real scoping, not as a superuser), with and without a filter, and prints
the queries per page (constant: the same for the first and the last page) and the
p50 / p95 time per page.

    createdb -h 127.0.0.1 -U postgres register_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_api \\
        .venv/bin/python bench/api_list.py [--points 100000] [--pages 40]

Uses whatever database DATABASE_URL names (migrating it first) and replaces its own
bench district ("BENCH-API") on every run; never point it at real data.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("API_RATE", "1000000/min")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from registry.api.tokens import token_create  # noqa: E402
from registry.choices import RiskScope, Role, UnitKind  # noqa: E402
from registry.models import Department, Measure, Post, RiskCategory, RiskPoint, Unit  # noqa: E402
from registry.services import role_grant  # noqa: E402

CODE, YEAR, BATCH = "BENCH-API", 2032, 5000
USERNAME = "bench-api-inspector"


def build(points: int) -> Unit:
    """A district of 10 units × 10 departments × 5 posts, ``points`` points, one measure each."""
    old = Unit.objects.filter(code=CODE).first()
    if old:  # raw deletes: the bench's own rows need no history or cascade signals
        inside = Unit.objects.filter(path__startswith=old.path)
        for queryset in [
            Measure.objects.filter(risk_point__unit__in=inside),
            RiskPoint.objects.filter(unit__in=inside),
            Post.objects.filter(unit__in=inside),
            Department.objects.filter(unit__in=inside),
        ]:
            queryset._raw_delete(queryset.db)
        for unit in inside.order_by("-depth"):
            Unit.objects.filter(pk=unit.pk)._raw_delete(connection.alias)
    district = Unit.objects.create(code=CODE, name="基准区", kind=UnitKind.DISTRICT)
    units = [
        Unit.objects.create(
            code=f"{CODE}-{i}", name=f"基准局{i}", kind=UnitKind.ORGAN, parent=district
        )
        for i in range(10)
    ]
    departments = Department.objects.bulk_create(
        Department(unit=u, name=f"科室{j}") for u in units for j in range(10)
    )
    posts = Post.objects.bulk_create(
        Post(unit_id=d.unit_id, department=d, name=f"岗位{k}")
        for d in departments
        for k in range(5)
    )
    category = RiskCategory.objects.first()
    for start in range(0, points, BATCH):
        rows = []
        for n in range(start, min(points, start + BATCH)):
            post = posts[n % len(posts)]
            rows.append(
                RiskPoint(
                    unit_id=post.unit_id,
                    department_id=post.department_id,
                    post=post,
                    scope=RiskScope.POST,
                    code=f"B{n:06d}",
                    name=f"基准风险点{n}",
                    category=category,
                    level=1 + n % 3,
                    year=YEAR,
                )  # fmt: skip
            )
        created = RiskPoint.objects.bulk_create(rows)
        Measure.objects.bulk_create(
            Measure(risk_point=p, defence_line="prevention", text="集体审定", sort_order=1)
            for p in created
        )
    return district


def inspector(district: Unit):
    User = get_user_model()
    User.objects.filter(username=USERNAME).delete()
    user = User.objects.create_user(USERNAME, password=None)
    role_grant(user=user, role=Role.INSPECTOR, unit=district, by=None)
    return user


def walk(client, url: str, pages: int) -> tuple[list[float], list[int]]:
    times, queries = [], []
    for _ in range(pages):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        queries.append(len(captured))
        url = response.json()["next"]
        if not url:
            break
    return times, queries


def report(label: str, times: list[float], queries: list[int]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label}: {len(times)} pages, queries per page min {min(queries)} max {max(queries)}, "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse the last run's points")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the figure that counts is PostgreSQL's", file=sys.stderr)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    district = Unit.objects.filter(code=CODE).first() if args.keep else None
    if district is None:
        district = build(args.points)
        print(f"built {args.points} points in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{RiskPoint.objects.filter(unit__path__startswith=district.path).count()} points")
    _token, secret = token_create(user=inspector(district), name="bench", days=1)
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = f"/api/v1/risk-points/?page_size={args.page_size}"
    client.get(base)  # warm the connection and caches
    report("all points", *walk(client, base, args.pages))
    report(
        "level 1, one unit",
        *walk(client, f"{base}&level=1&unit={district.children.first().pk}", args.pages),
    )
    report("search 'B09'", *walk(client, f"{base}&q=B09", args.pages))


if __name__ == "__main__":
    main()
