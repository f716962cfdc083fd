"""Demo data for the programme's records, read like the seeds: for each demo unit a
year (2025) of education activities with attendance, its rules with their changes and a
revision plan, and the year's commitment and responsibility letters, mostly collected.

Runs after the registry's demo data; a unit that already has records is left alone.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from programme.choices import LetterKind, LetterLevel, RuleChangeKind
from programme.models import (
    Attendance,
    EducationActivity,
    EducationKind,
    Letter,
    LetterBatch,
    RevisionPlan,
    Rule,
    RuleChange,
)
from registry.models import Person, PostTenure, Unit

YEAR = 2025
SCAN = "programme/demo/signed-letter.pdf"
# (month, day, kind, topic, audience)
ACTIVITIES = [
    (3, 14, "警示教育", "观看警示教育片《蝇贪之害》", "全体干部职工"),
    (5, 20, "党课", "书记讲廉政党课：守住底线 不越红线", "全体党员"),
    (9, 8, "廉政教育月", "廉政教育月：岗位廉政风险再排查", "全体干部职工"),
    (11, 18, "廉政知识测试", "党纪法规知识测试", "中层以上干部"),
]
RULES = [
    ("三重一大事项集体决策制度", RuleChangeKind.REVISED),
    ("公务接待管理规定", RuleChangeKind.REVISED),
    ("政府采购内部控制办法", RuleChangeKind.NEW),
    ("廉政风险防控工作实施办法", RuleChangeKind.NEW),
    ("差旅费报销暂行规定", RuleChangeKind.ABOLISHED),
]


def seed_demo(stdout=None) -> dict[str, int]:
    counts = {"programme_education": 0, "programme_rules": 0, "programme_letters": 0}
    inspector = get_user_model().objects.filter(username="inspector").first()
    if inspector is None:
        return counts
    units = Unit.objects.filter(people__isnull=False, parent__isnull=False).distinct()
    with transaction.atomic():
        for unit in units.order_by("path"):
            people = list(Person.objects.filter(unit=unit, is_active=True).order_by("pk"))
            if not EducationActivity.objects.filter(unit=unit).exists():
                counts["programme_education"] += _education(unit, people, inspector)
            if not Rule.objects.filter(unit=unit).exists():
                counts["programme_rules"] += _rules(unit, people, inspector)
            if not LetterBatch.objects.filter(unit=unit, year=YEAR).exists():
                counts["programme_letters"] += _letters(unit, people, inspector)
    counts["programme_prereports"] = _prereports(inspector)
    counts["programme_opinions"] = _opinions(inspector)
    if stdout is not None and any(counts.values()):
        stdout.write(f"programme: {counts}")
    return counts


def _education(unit, people, by) -> int:
    kinds = {kind.name: kind for kind in EducationKind.objects.all()}
    plan = [
        (m, 25, "每月一课", f"每月一课（{m}月）：学习《中国共产党纪律处分条例》", "全体干部职工")
        for m in range(1, 13)
    ] + ACTIVITIES
    activities = [
        EducationActivity(
            unit=unit,
            kind=kinds[kind],
            held_on=datetime.date(YEAR, month, day),
            topic=topic,
            audience=audience,
            recorded_by=by,
        )
        for month, day, kind, topic, audience in plan
    ]
    activities = bulk_create_with_history(activities, EducationActivity, default_user=by)
    attendance = []
    for number, activity in enumerate(activities):
        for index, person in enumerate(people):
            if (index + number) % 7 == 0:  # someone is away on business each time
                continue
            score = Decimal(78 + (index * 7) % 22) if activity.kind.is_test else None
            attendance.append(Attendance(activity=activity, person=person, score=score))
    bulk_create_with_history(attendance, Attendance, default_user=by)
    return len(activities)


def _rules(unit, people, by) -> int:
    rules = bulk_create_with_history(
        [
            Rule(unit=unit, title=title, in_force=kind != RuleChangeKind.ABOLISHED)
            for title, kind in RULES
        ],
        Rule,
        default_user=by,
    )
    changes = []
    for number, (rule, (_title, kind)) in enumerate(zip(rules, RULES, strict=True)):
        if kind != RuleChangeKind.NEW:
            changes.append(
                RuleChange(rule=rule, kind=RuleChangeKind.NEW, on=datetime.date(2019, 6, 1))
            )
        changes.append(RuleChange(rule=rule, kind=kind, on=datetime.date(YEAR, 4 + number, 10)))
    bulk_create_with_history(changes, RuleChange, default_user=by)
    if people:
        plans = [
            RevisionPlan(
                unit=unit,
                rule=rules[1],
                task="按新规修订公务接待标准和审批流程",
                owner=people[0],
                due_on=datetime.date(YEAR + 1, 3, 31),
                created_by=by,
            ),
            RevisionPlan(
                unit=unit,
                rule=rules[2],
                task="补充采购需求论证环节",
                owner=people[-1],
                due_on=datetime.date(YEAR + 1, 9, 30),
                created_by=by,
            ),
        ]
        bulk_create_with_history(plans, RevisionPlan, default_user=by)
    return len(rules)


def _letters(unit, people, by) -> int:
    if not people:
        return 0
    if not default_storage.exists(SCAN):
        default_storage.save(SCAN, ContentFile(b"%PDF-1.4\n% demo signed letter\n"))
    issued, due = datetime.date(YEAR, 2, 15), datetime.date(YEAR, 3, 15)
    commitment = _batch(
        unit=unit,
        year=YEAR,
        kind=LetterKind.COMMITMENT,
        title=f"{YEAR}年度廉洁从业承诺书",
        issued_on=issued,
        due_on=due,
        issued_by=by,
    )
    letters = [
        Letter(
            batch=commitment,
            person=person,
            level=LetterLevel.STAFF,
            # The last person of each unit never returned the letter.
            scan="" if person == people[-1] else SCAN,
            signed_on=None if person == people[-1] else issued + datetime.timedelta(days=3),
        )
        for person in people
    ]
    responsibility = _batch(
        unit=unit,
        year=YEAR,
        kind=LetterKind.RESPONSIBILITY,
        title=f"{YEAR}年度党风廉政建设责任书",
        issued_on=issued,
        due_on=due,
        issued_by=by,
    )
    tenures = PostTenure.objects.current(issued).filter(post__unit=unit).select_related("post")
    signers = {}
    for tenure in tenures:
        if tenure.post.is_leadership or tenure.post.name.endswith("长"):
            signers.setdefault(tenure.person_id, tenure)
    letters += [
        Letter(
            batch=responsibility,
            person_id=person_id,
            post=tenure.post,
            scan=SCAN,
            signed_on=issued + datetime.timedelta(days=2),
            level=LetterLevel.LEADER_IN_CHARGE
            if tenure.post.is_leadership
            else LetterLevel.DEPARTMENT_HEAD,
        )
        for person_id, tenure in signers.items()
    ]
    bulk_create_with_history(letters, Letter, default_user=by)
    return len(letters)


def _batch(*, issued_by, **fields) -> LetterBatch:
    batch = LetterBatch(issued_by=issued_by, **fields)
    batch._history_user = issued_by
    batch.save()
    return batch


def _prereports(inspector) -> int:
    """h19docs: a pre-report answered with a reminder card and decided, and a late one."""
    from programme.models import MatterKind, PreReport
    from programme.services import prereports as service

    unit = Unit.objects.filter(code="CZ").first()
    if unit is None or PreReport.objects.filter(unit=unit).exists():
        return 0
    on_time = service.prereport_submit(
        unit=unit, kind=MatterKind.FUNDS, subject="2026年度财政专项资金分配方案",
        amount=Decimal("1200.00"), meeting_date=datetime.date(2026, 11, 20), by=inspector,
        today=datetime.date(2026, 11, 9),
    )  # fmt: skip
    service.prereport_answer(
        report=on_time,
        body="区财政局拟于11月20日召开党组会研究2026年度财政专项资金分配方案，现提醒如下：\n"
        "一、严格执行集体决策程序，主要负责人末位表态；\n"
        "二、资金分配须依法依规、公开透明，防止优亲厚友；\n"
        "三、会议记录完整，纪检监察人员列席监督。",
        by=inspector,
    )
    service.decision_file(
        report=on_time, by=inspector, decided_on=datetime.date(2026, 11, 20), attendees=7,
        votes_for=6, votes_against=0, abstentions=1, leader_spoke_last=True,
        discipline_present=True, minutes="党组会〔2026〕21号：审议通过2026年度财政专项资金分配方案。",
    )  # fmt: skip
    service.prereport_submit(
        unit=unit, kind=MatterKind.PROJECT, subject="办公楼维修改造项目",
        amount=Decimal("380.00"), meeting_date=datetime.date(2026, 11, 28), by=inspector,
        today=datetime.date(2026, 11, 25),
    )  # fmt: skip
    return 2


def _opinions(inspector) -> int:
    """h19docs: an integrity-opinion request on two cadres, one opinion signed."""
    from programme.models import OpinionRequest
    from programme.services import opinions as service

    people = list(Person.objects.filter(unit__code="CZ", is_active=True).order_by("pk")[:2])
    if not people or OpinionRequest.objects.exists():
        return 0
    request = service.opinion_request_record(
        asked_by="区委组织部", letter_ref="明组函〔2026〕15号", purpose="拟提拔任用",
        people=people, received_on=datetime.date(2026, 11, 26), by=inspector,
    )  # fmt: skip
    draft = service.opinion_draft(people[0], 2025)
    service.opinion_sign(
        request=request, person=people[0], by=inspector,
        body=draft + "经研究，对该同志提拔任用无不同意见。",
    )  # fmt: skip
    return 1
