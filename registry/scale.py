"""A district at scale (``manage.py seed_scale``): units, departments, posts,
people, risk points and measures with their history, written in bulk.

For the benchmarks in ``bench/`` and for trying the product at the size of a
real district. Rows go in through ``registry.ledger.bulk`` (COPY on PostgreSQL),
chunk by chunk, so a million points never sit in memory at once. The tree is
consistent: every post's department is in the post's unit, every point's
department and post are its unit's, every measure's person works in its unit.

Idempotent: a district with the code ``SCALE`` is built once; a second run
reports what is there and writes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from registry.choices import (
    DefenceLine,
    DiscoveryMethod,
    MeasureStatus,
    RiskPointStatus,
    RiskScope,
    Role,
    UnitKind,
)
from registry.ledger.bulk import insert_with_history
from registry.models import (
    Department,
    Measure,
    Person,
    Post,
    RiskCategory,
    RiskPoint,
    RoleAssignment,
    Unit,
)
from registry.services import role_grant

ROOT_CODE = "SCALE"
PASSWORD = "demo12345"
CHUNK = 20_000

DEPARTMENTS = ["办公室", "财务科", "人事科", "法规科", "审批科", "执法大队", "采购中心", "信息科"]
POSTS = ["科长", "副科长", "经办员", "审核员"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TOPICS = [
    "政府采购", "工程招投标", "行政审批", "专项资金拨付", "干部选拔任用", "行政处罚",
    "公务接待", "票据管理", "合同签订", "国有资产处置", "监督检查", "资格审查",
    "补助资金发放", "项目验收", "物资采购", "执法检查", "证照核发", "财务报销",
]  # fmt: skip
RISKS = [
    "违规操作", "以权谋私", "吃拿卡要", "暗箱操作", "滥用自由裁量权", "泄露内部信息",
    "优亲厚友", "收受好处", "弄虚作假", "把关不严",
]  # fmt: skip
SHOWS = [
    "未按规定程序办理，擅自简化环节",
    "利用职务便利为特定关系人谋取利益",
    "对申请材料审查不严，降低标准",
    "拖延办理，索取或收受财物",
    "未经集体研究，个人决定重大事项",
]
MEASURES = [
    "严格执行集体研究制度，重大事项上会决定",
    "实行 AB 岗制度，审批与复核分离",
    "办理结果公开公示，接受群众监督",
    "纪检组定期抽查办件记录",
    "开展廉政谈话和警示教育",
    "建立电子监察，全程留痕",
]


@dataclass
class ScaleReport:
    units: int
    risk_points: int
    measures: int
    created: bool


def seed_scale(*, units: int, points: int, seed: int = 16, stdout=None) -> ScaleReport:
    """Build the district (``units`` units holding ``points`` risk points in all) once."""
    if Unit.objects.filter(code=ROOT_CODE).exists():
        root = Unit.objects.get(code=ROOT_CODE)
        inside = RiskPoint.objects.filter(unit__path__startswith=root.path)
        return ScaleReport(
            Unit.objects.filter(path__startswith=root.path).count() - 1,
            inside.count(),
            Measure.objects.filter(risk_point__unit__path__startswith=root.path).count(),
            created=False,
        )
    builder = _Builder(random.Random(seed), stdout)
    with transaction.atomic():
        builder.tree(units)
        builder.logins()
    point_count, measure_count = builder.register(points)
    return ScaleReport(units, point_count, measure_count, created=True)


class _Builder:
    def __init__(self, rng: random.Random, stdout) -> None:
        self.rng, self.stdout = rng, stdout
        self.units: list[Unit] = []
        self.posts: dict[int, list[tuple[int, int]]] = {}  # unit → [(department, post)]
        self.people: dict[int, list[int]] = {}  # unit → person ids
        self.categories = list(RiskCategory.objects.values_list("pk", flat=True))
        if not self.categories:
            self.categories = [RiskCategory.objects.create(name="岗位职责风险").pk]

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def tree(self, count: int) -> None:
        """The district, ``count`` units below it (one in ten a sub-unit), their
        departments, posts and people."""
        root = Unit.objects.create(code=ROOT_CODE, name="规模测试区", kind=UnitKind.DISTRICT)
        self.root = root
        kinds = [UnitKind.ORGAN, UnitKind.INSTITUTION, UnitKind.ENTERPRISE]
        for i in range(count):
            parent = self.units[self.rng.randrange(len(self.units))] if i % 10 == 9 else root
            unit = Unit.objects.create(
                parent=parent,
                code=f"{ROOT_CODE}-{i + 1:05d}",
                name=f"第{i + 1}{self.rng.choice(['局', '街道', '中心', '公司', '医院'])}",
                kind=kinds[i % 3],
                sort_order=i,
            )
            self.units.append(unit)
        self.say(f"{count} units")
        departments = [
            {"unit_id": u.pk, "name": name, "sort_order": k}
            for u in self.units
            for k, name in enumerate(DEPARTMENTS)
        ]
        _insert(Department, departments)
        posts = [
            {
                "unit_id": d["unit_id"],
                "department_id": d["id"],
                "name": f"{d['name']}{name}",
                "duties": "",
            }
            for d in departments
            for name in POSTS
        ]
        _insert(Post, posts)
        people = [
            {
                "unit_id": p["unit_id"],
                "department_id": p["department_id"],
                "name": self.name(),
                "title": "",
            }
            for p in posts
        ]
        _insert(Person, people)
        for post in posts:
            self.posts.setdefault(post["unit_id"], []).append((post["department_id"], post["id"]))
        for person in people:
            self.people.setdefault(person["unit_id"], []).append(person["id"])
        self.say(f"{len(departments)} departments, {len(posts)} posts, {len(people)} people")

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(SURNAMES) + given

    def logins(self) -> None:
        """One login per role the benchmarks read the register as."""
        first = self.units[0]
        department = Department.objects.filter(unit=first).order_by("pk").first()
        grants = [
            ("scale_inspector", Role.INSPECTOR, self.root, []),
            ("scale_auditor", Role.AUDITOR, self.root, []),
            ("scale_leader", Role.UNIT_LEADER, first, []),
            ("scale_head", Role.DEPARTMENT_HEAD, first, [department]),
        ]
        User = get_user_model()
        for username, role, unit, departments in grants:
            user, _new = User.objects.get_or_create(username=username)
            user.set_password(PASSWORD)
            user.save()
            if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
                role_grant(user=user, role=role, unit=unit, departments=departments, by=None)

    def register(self, total: int) -> tuple[int, int]:
        """``total`` points spread over the units, each with one to five measures."""
        measures = written = 0
        for start in range(0, total, CHUNK):
            rows = [self.point(n) for n in range(start, min(total, start + CHUNK))]
            with transaction.atomic():
                _insert(RiskPoint, rows)
                measure_rows = [m for row in rows for m in self.measures(row)]
                _insert(Measure, measure_rows)
            written += len(rows)
            measures += len(measure_rows)
            self.say(f"{written} risk points, {measures} measures")
        return written, measures

    def point(self, n: int) -> dict:
        rng = self.rng
        unit = self.units[n % len(self.units)]
        department_id, post_id = rng.choice(self.posts[unit.pk])
        scope = rng.choices([RiskScope.POST, RiskScope.DEPARTMENT, RiskScope.UNIT], [6, 3, 1])[0]
        if scope != RiskScope.POST:
            post_id = None
        if scope == RiskScope.UNIT:
            department_id = None
        topic, risk = rng.choice(TOPICS), rng.choice(RISKS)
        people = self.people[unit.pk]
        return {
            "unit_id": unit.pk,
            "department_id": department_id,
            "post_id": post_id,
            "scope": scope,
            "code": f"P{n + 1:07d}",
            "name": f"{topic}环节{risk}",
            "manifestation": f"在{topic}中{rng.choice(SHOWS)}",
            "category_id": rng.choice(self.categories),
            "level": rng.choices([1, 2, 3], [2, 5, 3])[0],
            "discovery_method": rng.choice(DiscoveryMethod.values),
            "responsible_person_id": rng.choice(people),
            "supervisor_id": rng.choice(people),
            "time_limit": "长期",
            "status": rng.choices(RiskPointStatus.values, [2, 1, 1, 1, 1, 12, 1])[0],
            "year": rng.choice((2023, 2024, 2025, 2026)),
            "remarks": "",
        }

    def measures(self, point: dict) -> list[dict]:
        rng = self.rng
        return [
            {
                "risk_point_id": point["id"],
                "defence_line": DefenceLine.values[k % 3],
                "text": rng.choice(MEASURES),
                "responsible_person_id": point["responsible_person_id"],
                "due_date": date(point["year"], 12, 31),
                "status": rng.choice(MeasureStatus.values),
                "sort_order": k,
            }
            for k in range(rng.choice((1, 2, 3, 3, 4, 5)))
        ]


def _insert(model, rows: list[dict]) -> None:
    """Insert with history, the primary keys set in the rows (for the rows below them)."""
    pks = insert_with_history(model, rows, user=None, reason="seed_scale")
    for row, pk in zip(rows, pks, strict=True):
        row["id"] = pk
