"""Demo power lists for the demo district (``manage.py seed_demo`` calls ``seed_demo``).

Every non-root demo unit gets 40-odd powers: its own (``catalogue.SPECIFIC``),
its discretionary ones with bands (``discretion.DISCRETION``) and the internal
management of people, money and goods every unit has (``catalogue.COMMON``).
Its own and discretionary powers get a process flow (``flows``), and the
unit's demo risk points are put on the steps of the posts they belong to.

Powers are matched by (unit, item code) and created only when missing, with
everything under them, so a second run creates nothing.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from powers.demo.catalogue import CODES, COMMON, SPECIFIC, ZJJD
from powers.demo.discretion import DISCRETION, bands_for
from powers.demo.flows import COLLECTIVE, DEPUTY, LONG, TEMPLATES
from powers.models import DiscretionBand, FlowStep, PowerCategory, PowerItem, PowerPost, StepRisk
from registry.choices import RiskPointStatus
from registry.models import Post, RiskPoint, Unit

COUNTED = (
    "power_categories",
    "power_items",
    "power_posts",
    "flow_steps",
    "step_risk_points",
    "discretion_bands",
)
HEADS = {"科长", "主任", "站长", "大队长", "经理"}
TOPS = ["局长", "主任", "院长", "董事长", "区纪委书记、区监委主任", "党工委书记"]
SERVICE_OBJECTS = {
    "行政许可": "公民、法人和其他组织",
    "行政处罚": "违法行为当事人",
    "行政征收": "缴款义务人",
    "行政给付": "符合条件的困难群众",
    "内部管理(人财物)": "本单位干部职工",
    ZJJD: "党员和监察对象",
}
CONTENT = {
    "行政许可": "依申请对{name}事项进行审查，依法作出准予或不予许可的决定。",
    "行政处罚": "{name}：对违法行为依法调查，按裁量基准作出处罚决定。",
    "行政征收": "{name}：依法核定并征收，减免缓按裁量基准审批。",
    "行政给付": "{name}：依申请审核对象资格，核定并发放。",
    "专项资金管理": "{name}：申报、评审、集体研究分配、公示、拨付和绩效评价。",
    "内部管理(人财物)": "{name}：按规定程序申请、审核、审批和实施，重大事项集体研究。",
}
DAYS = {
    "行政许可": 20,
    "行政处罚": 60,
    "行政征收": 15,
    "行政给付": 20,
    "行政监管": 30,
    "行政审批": 20,
    "行政裁决": 60,
    "行政强制": 30,
    "行政确认": 10,
    "专项资金管理": 30,
    "内部管理(人财物)": 10,
    "非行政许可审批": 20,
    ZJJD: 90,
}
# How many steps one demo risk point is put on, at most.
MARKS_PER_POINT = 3


def seed_demo(*, stdout=None) -> dict[str, int]:
    created: Counter = Counter()
    with transaction.atomic():
        _, made = PowerCategory.objects.get_or_create(
            name=ZJJD,
            defaults={"synonyms": "监督执纪,执纪审查", "has_discretion": True, "sort_order": 200},
        )
        created["power_categories"] += made
        categories = {c.name: c for c in PowerCategory.objects.all()}
        units = Unit.objects.filter(code__in=SPECIFIC).order_by("path")
        for index, unit in enumerate(units, start=1):
            _UnitSeeder(unit, index, categories, created).run()
            if stdout is not None:
                stdout.write(f"powers: {unit.code} done")
    return {key: created[key] for key in COUNTED}


@dataclass
class Spec:
    code: str
    name: str
    category: str
    department: str
    major: bool
    basis: str
    scale: object = None
    drawn: bool = False  # gets a process flow


def specs_for(unit_code: str) -> list[Spec]:
    """The unit's powers in a fixed order, so item codes are the same on every run."""
    rows = [(*row, None, True) for row in SPECIFIC[unit_code]]
    rows += [(*row, True) for row in DISCRETION.get(unit_code, [])]
    rows += [(*row, None, row[3]) for row in COMMON]
    numbers: Counter = Counter()
    specs = []
    for name, category, department, major, basis, scale, drawn in rows:
        numbers[category] += 1
        code = f"{unit_code}-{CODES[category]}-{numbers[category]:03d}"
        specs.append(Spec(code, name, category, department, major, basis, scale, drawn))
    return specs


class _UnitSeeder:
    def __init__(self, unit: Unit, index: int, categories: dict, created: Counter) -> None:
        self.unit, self.index, self.categories, self.created = unit, index, categories, created
        self.posts = _Posts(list(Post.objects.filter(unit=unit).select_related("department")))

    def run(self) -> None:
        existing = set(PowerItem.objects.filter(unit=self.unit).values_list("code", flat=True))
        specs = [spec for spec in specs_for(self.unit.code) if spec.code not in existing]
        if not specs:
            return
        powers = [self._power(spec, n) for n, spec in enumerate(specs, start=1)]
        powers = self._create(PowerItem, powers, "power_items")
        assignments, steps, bands = [], [], []
        for n, (spec, power) in enumerate(zip(specs, powers, strict=True)):
            assignments += self._assignments(spec, power, n)
            if spec.drawn:
                steps += self._steps(spec, power, n)
            if spec.scale is not None:
                bands += [DiscretionBand(power=power, **row) for row in bands_for(spec.scale)]
        self._create(PowerPost, assignments, "power_posts")
        self._create(DiscretionBand, bands, "discretion_bands")
        steps = self._create(FlowStep, steps, "flow_steps")
        self._create(StepRisk, self._marks(steps), "step_risk_points")

    def _create(self, model, objects: list, key: str) -> list:
        if objects:
            objects = bulk_create_with_history(objects, model, batch_size=500)
        self.created[key] += len(objects)
        return objects

    def _power(self, spec: Spec, n: int) -> PowerItem:
        department = self.posts.department(spec.department)
        return PowerItem(
            unit=self.unit,
            code=spec.code,
            name=spec.name,
            category=self.categories[spec.category],
            content=CONTENT.get(spec.category, "依法办理{name}事项。").format(name=spec.name),
            legal_basis=spec.basis,
            service_object=SERVICE_OBJECTS.get(spec.category, "公民、法人和其他组织"),
            handling_body=f"{self.unit.name}{department.name if department else ''}",
            department=department,
            time_limit_days=DAYS.get(spec.category),
            contact_phone=f"0724-6{self.index:02d}{n:04d}",
            supervision_phone=f"0724-12{self.index:02d}388",
            is_major=spec.major,
            remarks="重大事项须经领导班子集体研究决定" if spec.major else "",
        )

    def _assignments(self, spec: Spec, power: PowerItem, n: int) -> list[PowerPost]:
        department = power.department
        wanted = [
            (self.posts.staff(department, n), "undertake"),
            (self.posts.head(department), "review"),
            (self.posts.top if spec.major else self.posts.deputy, "approve"),
        ]
        if spec.major and self.posts.discipline:
            wanted.append((self.posts.discipline, "supervise"))
        seen, rows = set(), []
        for post, role in wanted:
            if post is not None and (post.pk, role) not in seen:
                seen.add((post.pk, role))
                rows.append(PowerPost(power=power, post=post, role=role))
        return rows

    def _steps(self, spec: Spec, power: PowerItem, n: int) -> list[FlowStep]:
        template = LONG.get(spec.name) or _fit(TEMPLATES[spec.category], spec.major)
        channel = f"监督电话 {power.supervision_phone}；区纪委监委信访室"
        return [
            FlowStep(
                power=power,
                order=order,
                name=name,
                post=self.posts.for_role(who, power.department, n),
                time_limit=limit,
                duty=duty,
                control=control,
                complaint_channel=channel,
            )
            for order, (name, who, limit, duty, control) in enumerate(template, start=1)
        ]

    def _marks(self, steps: list[FlowStep]) -> list[StepRisk]:
        points = RiskPoint.objects.filter(unit=self.unit, revision_of__isnull=True).exclude(
            status=RiskPointStatus.RETIRED
        )
        marks = []
        for point in points:
            candidates = [step for step in steps if _sits_on(point, step)]
            candidates.sort(
                key=lambda step: (
                    -_overlap(point.name, step.power.name),
                    step.power.code,
                    step.order,
                )
            )
            marks += [StepRisk(step=s, risk_point=point) for s in candidates[:MARKS_PER_POINT]]
        return marks


def _fit(template: list, major: bool) -> list:
    """Major matters are decided collectively; general ones by the leader in charge."""
    if major and COLLECTIVE not in template:
        return [COLLECTIVE if step == DEPUTY else step for step in template]
    if not major and COLLECTIVE in template:
        steps = [step for step in template if step != COLLECTIVE]
        return steps if DEPUTY in steps else [DEPUTY if s == COLLECTIVE else s for s in template]
    return template


def _sits_on(point: RiskPoint, step: FlowStep) -> bool:
    """Where a demo point plausibly sits: its post's steps, its department's, or a
    collective decision for the leadership team's points."""
    if point.post_id:
        return step.post_id == point.post_id
    if point.department_id:
        return step.post is not None and step.post.department_id == point.department_id
    return step.name.startswith("集体")


def _overlap(a: str, b: str) -> int:
    """Shared two-character words: ranks the steps of related powers first."""
    pairs = {a[i : i + 2] for i in range(len(a) - 1)}
    return sum(b[i : i + 2] in pairs for i in range(len(b) - 1))


class _Posts:
    """The unit's posts by part they play: staff, department head, leaders."""

    def __init__(self, posts: list[Post]) -> None:
        self.departments = {p.department.name: p.department for p in posts if p.department_id}
        self.by_department: dict[int, list[Post]] = {}
        for post in posts:
            if post.department_id:
                self.by_department.setdefault(post.department_id, []).append(post)
        leaders = [p for p in posts if not p.department_id]
        by_name = {p.name: p for p in leaders}
        self.top = next((by_name[n] for n in TOPS if n in by_name), leaders[0] if leaders else None)
        self.deputy = next((p for p in leaders if "副" in p.name and "纪" not in p.name), self.top)
        self.discipline = next((p for p in leaders if "纪" in p.name and p != self.top), None)

    def department(self, name: str):
        if name in self.departments:
            return self.departments[name]
        hints = {"office": ("办公室", "综合"), "finance": ("财务", "办公室", "综合")}.get(name, ())
        for hint in hints:
            for department_name, department in self.departments.items():
                if hint in department_name:
                    return department
        return next(iter(self.departments.values()), None)

    def head(self, department):
        posts = self.by_department.get(getattr(department, "pk", None), [])
        return next((p for p in posts if p.name in HEADS), posts[0] if posts else self.top)

    def staff(self, department, n: int):
        posts = self.by_department.get(getattr(department, "pk", None), [])
        staff = [p for p in posts if p.name not in HEADS] or posts
        return staff[n % len(staff)] if staff else self.top

    def for_role(self, who: str, department, n: int):
        if who == "staff":
            return self.staff(department, n)
        if who == "head":
            return self.head(department)
        if who == "deputy":
            return self.deputy
        return self.top
