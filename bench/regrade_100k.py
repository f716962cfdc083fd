"""Benchmark: bulk regrade of 100,000 graded risk points after a grading-model change.

Prints the time and the number of database queries of ``assessment.regrade.regrade_run``
(the Celery task's body), which works in chunks with a fixed number of queries each.

    createdb -h 127.0.0.1 -U postgres register_assessment
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/register_assessment \
        .venv/bin/python bench/regrade_100k.py [--points 100000]

Uses whatever database DATABASE_URL names (migrating it first) and replaces its own
bench unit ("BENCH-REGRADE") on every run; never point it at real data.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from assessment.defaults import PROFILES  # noqa: E402
from assessment.grading import grading_model_copy  # noqa: E402
from assessment.models import (  # noqa: E402
    FactorOption,
    GradingModel,
    MatrixCell,
    MonitorAssignment,
    PointGrading,
    RegradeRun,
)
from assessment.regrade import regrade_run  # noqa: E402
from assessment.scoring import ModelSnapshot, grade  # noqa: E402
from registry.choices import RiskScope, UnitKind  # noqa: E402
from registry.models import Department, Post, RiskCategory, RiskPoint, Unit  # noqa: E402

CODE, YEAR, BATCH = "BENCH-REGRADE", 2031, 5000


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build(points: int, admin) -> GradingModel:
    """A unit with 20 departments × 5 posts and ``points`` graded points on the current model."""
    old = Unit.objects.filter(code=CODE).first()
    if old:  # raw deletes: the bench's own rows need no history or cascade signals
        for queryset in [
            MonitorAssignment.objects.filter(point__unit=old),
            PointGrading.answers.through.objects.filter(pointgrading__point__unit=old),
            PointGrading.objects.filter(point__unit=old),
            RiskPoint.objects.filter(unit=old),
            Post.objects.filter(unit=old),
            Department.objects.filter(unit=old),
            Unit.objects.filter(pk=old.pk),
        ]:
            queryset._raw_delete(queryset.db)
    unit = Unit.objects.create(code=CODE, name="基准测试单位", kind=UnitKind.ORGAN)
    departments = Department.objects.bulk_create(
        Department(unit=unit, name=f"科室{i}") for i in range(20)
    )
    posts = Post.objects.bulk_create(
        Post(unit=unit, department=d, name=f"岗位{j}") for d in departments for j in range(5)
    )
    category = RiskCategory.objects.first()
    model = GradingModel.objects.get(is_current=True)
    snapshot = ModelSnapshot.load(model)
    options = {
        (o.factor.code, o.code): o.pk
        for o in FactorOption.objects.filter(factor__grading_model=model).select_related("factor")
    }
    chosen = {lvl: [options[i] for i in p.items()] for lvl, p in PROFILES.items()}
    results = {lvl: grade(snapshot, ids) for lvl, ids in chosen.items()}
    for start in range(0, points, BATCH):
        batch = []
        for n in range(start, min(points, start + BATCH)):
            post, level = posts[n % len(posts)], 1 + n % 3
            batch.append(
                RiskPoint(
                    unit=unit,
                    department_id=post.department_id,
                    post=post,
                    scope=RiskScope.POST,
                    name=f"基准风险点{n}",
                    category=category,
                    level=level,
                    year=YEAR,
                )
            )
        RiskPoint.objects.bulk_create(batch)
        gradings = PointGrading.objects.bulk_create(
            PointGrading(
                point=p,
                grading_model=model,
                computed_level=p.level,
                graded_at=django.utils.timezone.now(),
                likelihood_score=results[p.level].likelihood_score,
                harm_score=results[p.level].harm_score,
                likelihood_band=results[p.level].likelihood_band,
                harm_band=results[p.level].harm_band,
            )
            for p in batch
        )
        Through = PointGrading.answers.through
        Through.objects.bulk_create(
            Through(pointgrading_id=g.pk, factoroption_id=o)
            for g in gradings
            for o in chosen[g.computed_level]
        )
    # The change: a new version in which medium likelihood × medium harm is level 1.
    copy = grading_model_copy(model=model, by=admin)
    MatrixCell.objects.filter(grading_model=copy, likelihood=2, harm=2).update(level=1)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    started = time.perf_counter()
    model = build(args.points, admin)
    print(f"setup: {args.points} graded points in {time.perf_counter() - started:.1f} s")

    run = RegradeRun.objects.create(grading_model=model, started_by=admin)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        outcome = regrade_run(run=run, year=YEAR)
        elapsed = time.perf_counter() - started
    run.refresh_from_db()
    print(f"database: {connection.vendor}")
    print(
        f"regraded: {outcome.done} points, {outcome.changed} levels changed, {len(outcome.skipped)} skipped"
    )
    print(f"time: {elapsed:.1f} s ({outcome.done / elapsed:,.0f} points/s)")
    print(f"queries: {counter.count} ({counter.count / max(1, outcome.done):.4f} per point)")
    print(f"run status: {run.status}, progress {run.done}/{run.total}")


if __name__ == "__main__":
    main()
