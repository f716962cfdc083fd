"""Benchmark: importing an N-row risk ledger (python bench/import_ledger.py N [RUNS]).

Generates a realistic ledger (20 units, departments and posts, people, levels
written every usual way, 2–4 numbered measures per cell), then times, each in a
fresh process on the configured database (PostgreSQL: set DATABASE_URL):

  (a) only reading the file with openpyxl in read-only mode (no import at all);
  (b) our full import, as ``manage.py import_ledger`` runs it: the batch, every
      point with its measures and their history, and the batch's change records;
  (c) django-import-export 4 at its best: foreign keys resolved from dictionaries
      loaded once, CachedInstanceLoader, use_bulk=True, skip_diff=True,
      batch_size=1000 — into the same table, but points only: no measures, no
      history, no change records.

The three steps run interleaved (a b c, a b c, …) RUNS times (default 3); the
medians are compared, with the load average before and after (other work on
the machine slows every step alike, interleaving spreads it fairly).
Targets at N = 50,000: b/a <= 1.0, c/b >= 2, peak memory of (b) under 400 MB.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

UNITS = 20
DEPARTMENTS = ["办公室", "财务科", "审批科", "执法大队", "综合科"]
POSTS = ["负责人岗", "经办岗", "审核岗", "管理岗"]
PEOPLE = ["王建国", "李明", "赵丽", "孙强", "周涛", "吴芳", "郑伟", "冯静"]
CATEGORIES = ["思想道德风险", "制度机制风险", "岗位职责风险", "业务流程风险", "外部环境风险"]
LEVELS = ["一级", "二级", "三级", "高", "中", "低", "1", "2", "3", "Ⅰ级", "Ⅱ级", "Ⅲ级"]
HEADER = ["序号", "风险点编号", "单位", "科室", "岗位", "风险点名称", "风险表现形式", "风险类别",
          "风险等级", "防控措施", "责任人", "监督人", "防控时限", "查找方式", "年度"]  # fmt: skip
MEASURES = ["实行双人经办、交叉复核", "每季度抽查并留痕", "结果在单位内公开",
            "纳入“三重一大”集体决策", "违规问题限期整改、追责问责"]  # fmt: skip


def unit_name(i: int) -> str:
    return f"示范区第{i + 1}局"


def person_name(unit: int, i: int) -> str:
    return f"{PEOPLE[i]}{unit + 1:02d}"


def generate(n: int, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("风险点登记表")
    sheet.append(HEADER)  # on row 1: django-import-export cannot skip title rows
    for i in range(n):
        unit, department, post = i % UNITS, (i // UNITS) % 5, (i // 100) % 4
        measures = [MEASURES[(i + k) % 5] for k in range(2 + i % 3)]
        sheet.append([
            i + 1, f"R{i + 1:06d}", unit_name(unit), DEPARTMENTS[department], POSTS[post],
            f"风险点{i + 1}：审批环节自由裁量", "一人审批、未经集体研究，可能优亲厚友、收受好处",
            CATEGORIES[i % 5], LEVELS[i % len(LEVELS)],
            "\n".join(f"{k}、{text}" for k, text in enumerate(measures, start=1)),
            person_name(unit, i % 8), person_name(unit, (i + 3) % 8), "长期", "自己找", 2026,
        ])  # fmt: skip
    workbook.save(path)


def setup_database() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from registry.choices import UnitKind
    from registry.models import Department, Measure, Person, Post, RiskPoint, Unit

    call_command("migrate", verbosity=0)
    # A raw delete: Django's delete() would write a history record per deleted row.
    for queryset in (
        Measure.history.all(),
        Measure.objects.all(),
        RiskPoint.history.all(),
        RiskPoint.objects.all(),
    ):
        queryset._raw_delete(queryset.db)
    get_user_model().objects.filter(
        username="bench"
    ).exists() or get_user_model().objects.create_superuser("bench", "b@example.org", "x")
    root, _ = Unit.objects.get_or_create(
        code="BENCH", defaults={"name": "示范区", "kind": UnitKind.DISTRICT}
    )
    for u in range(UNITS):
        unit, _ = Unit.objects.get_or_create(
            code=f"BENCH-{u}",
            defaults={"name": unit_name(u), "kind": UnitKind.ORGAN, "parent": root},
        )
        for d in DEPARTMENTS:
            department, _ = Department.objects.get_or_create(unit=unit, name=d)
            for p in POSTS:
                Post.objects.get_or_create(unit=unit, department=department, name=p)
        for i in range(8):
            Person.objects.get_or_create(unit=unit, name=person_name(u, i))


def step_a(path: Path) -> dict:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for sheet in workbook for _ in sheet.iter_rows(values_only=True))
    return {"seconds": time.perf_counter() - start, "rows": rows}


def step_b(path: Path) -> dict:
    setup_database()
    from django.contrib.auth import get_user_model

    from registry.ledger.batches import import_file

    data = path.read_bytes()
    user = get_user_model().objects.get(username="bench")
    start = time.perf_counter()
    result = import_file(
        data=data, file_name=path.name, by=user, sheet="", options={}, dry_run=False
    )
    seconds = time.perf_counter() - start
    assert result.committed, [p.as_text() for p in result.errors[:5]]
    return {"seconds": seconds, "created": result.created, "warnings": len(result.warnings)}


def step_c(path: Path) -> dict:
    setup_database()
    import tablib

    start = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = risk_point_resource().import_data(
        dataset, dry_run=False, use_transactions=True, raise_errors=True
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "created": result.totals["new"], "errors": result.totals["error"]}


def risk_point_resource():
    """django-import-export tuned: every foreign key from a dictionary loaded once."""
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from registry.ledger.text import parse_level
    from registry.models import Department, Person, Post, RiskCategory, RiskPoint, Unit

    units = {u.name: u for u in Unit.objects.all()}
    departments = {(d.unit.name, d.name): d for d in Department.objects.select_related("unit")}
    posts = {
        (p.unit.name, p.department.name if p.department else "", p.name): p
        for p in Post.objects.select_related("unit", "department")
    }
    people = {(p.unit.name, p.name): p for p in Person.objects.select_related("unit")}
    categories = {c.name: c for c in RiskCategory.objects.all()}

    class Lookup(widgets.ForeignKeyWidget):
        def __init__(self, model, find):
            super().__init__(model)
            self.find = find

        def clean(self, value, row=None, **kwargs):
            return self.find(value, row) if value else None

    class LevelWidget(widgets.IntegerWidget):
        def clean(self, value, row=None, **kwargs):
            return parse_level(value)

    def column(attribute, name, widget=None):
        return fields.Field(attribute=attribute, column_name=name, widget=widget)

    class RiskPointResource(resources.ModelResource):
        code = column("code", "风险点编号")
        unit = column("unit", "单位", Lookup(Unit, lambda v, r: units[v]))
        department = column(
            "department", "科室", Lookup(Department, lambda v, r: departments[(r["单位"], v)])
        )
        post = column("post", "岗位", Lookup(Post, lambda v, r: posts[(r["单位"], r["科室"], v)]))
        name = column("name", "风险点名称")
        manifestation = column("manifestation", "风险表现形式")
        category = column("category", "风险类别", Lookup(RiskCategory, lambda v, r: categories[v]))
        level = column("level", "风险等级", LevelWidget())
        responsible_person = column(
            "responsible_person", "责任人", Lookup(Person, lambda v, r: people[(r["单位"], v)])
        )
        supervisor = column(
            "supervisor", "监督人", Lookup(Person, lambda v, r: people[(r["单位"], v)])
        )
        time_limit = column("time_limit", "防控时限")
        year = column("year", "年度", widgets.IntegerWidget())

        class Meta:
            model = RiskPoint
            fields = ("code", "unit", "department", "post", "name", "manifestation", "category",
                      "level", "responsible_person", "supervisor", "time_limit", "year")  # fmt: skip
            import_id_fields = ("code",)
            instance_loader_class = CachedInstanceLoader
            use_bulk = True
            batch_size = 1000
            skip_diff = True

        def before_save_instance(self, instance, row, **kwargs):
            instance.scope = "post"
            instance.status = "draft"

    return RiskPointResource()


def run_step(step: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(n: int, runs: int) -> None:
    load_before = os.getloadavg()
    figures: dict[str, list[dict]] = {"a": [], "b": [], "c": []}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ledger-{n}.xlsx"
        generate(n, path)
        database = os.environ.get("DATABASE_URL", "sqlite (default)")
        print(f"N = {n:,} rows, file {path.stat().st_size / 1e6:.1f} MB, database {database}")
        print(f"load average before: {_load(load_before)} ({os.cpu_count()} CPUs)")
        for run in range(runs):
            for step in "abc":
                figures[step].append(run_step(step, path))
            print(f"run {run + 1}: " + "  ".join(
                f"{s} {figures[s][-1]['seconds']:.2f} s" for s in "abc"))  # fmt: skip
    a, b, c = (statistics.median(f["seconds"] for f in figures[s]) for s in "abc")
    peak = {s: max(f["rss_mb"] for f in figures[s]) for s in "abc"}
    print(f"medians of {runs} interleaved runs:")
    print(f"(a) openpyxl read-only, reading only   : {a:8.2f} s   peak {peak['a']:6.0f} MB")
    print(f"(b) our import (command, batch, history): {b:8.2f} s   peak {peak['b']:6.0f} MB   "
          f"({figures['b'][0]['created']:,} points with measures and history)")  # fmt: skip
    print(f"(c) django-import-export, tuned         : {c:8.2f} s   peak {peak['c']:6.0f} MB   "
          f"({figures['c'][0]['created']:,} points only: no measures, no history)")  # fmt: skip
    print(f"b/a = {b / a:.2f}  (target <= 1.0)")
    print(f"c/b = {c / b:.2f}  (target >= 2)")
    print(f"peak memory of (b) = {peak['b']:.0f} MB  (target < 400)")
    print(f"load average after: {_load(os.getloadavg())}")


def _load(averages: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in averages)


if __name__ == "__main__":
    if sys.argv[1] == "--step":
        figures = {"a": step_a, "b": step_b, "c": step_c}[sys.argv[2]](Path(sys.argv[3]))
        figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
    else:
        main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
