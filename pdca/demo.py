"""Demo data for the cycle: the 2026 cycle on the pilot's calendar, the 2026Q1 draw with
its inspections, some findings and rectification items (one of them overdue), a special
inspection whose finding repeats one of the draw's (屡查屡犯), and an audit finding.

Runs after the registry's demo data (see registry.demo.seed_demo); creates
nothing when the cycle and the draw are already there.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from pdca.choices import CheckResult, RectificationSource, RectificationStatus, Severity
from pdca.models import (
    ChecklistItem,
    Cycle,
    FindingSource,
    Inspection,
    RectificationItem,
    SamplingDraw,
)
from pdca.sampling import Quarter, choose, quota
from pdca.services import inspections as inspecting
from pdca.services.cycles import cycle_create
from pdca.services.draws import candidate_units, draw_for_quarter
from pdca.services.findings import external_finding_record
from pdca.services.planning import inspection_plan
from pdca.services.rectification import rectification_advance
from registry.models import Unit

YEAR, QUARTER = 2026, Quarter(2026, 1)
# The finance bureau's people have demo logins, so the demo draw must include it.
FEATURED = "CZ"


def seed_demo(stdout=None) -> dict[str, int]:
    counts = {
        "pdca_cycles": 0,
        "pdca_draws": 0,
        "pdca_findings": 0,
        "pdca_earlier_items": 0,
        "pdca_other_sources": 0,
    }
    district = Unit.objects.filter(code="MH", parent__isnull=True).first()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
    if district is None or "inspector" not in users:
        return counts
    if not Cycle.objects.filter(district=district, year=YEAR).exists():
        cycle_create(district=district, year=YEAR, by=users.get("admin"))
        counts["pdca_cycles"] = 1
    if not SamplingDraw.objects.filter(district=district, quarter=str(QUARTER)).exists():
        draw, _created = draw_for_quarter(
            district=district, quarter=QUARTER, by=users["inspector"], seed=_seed_drawing(district)
        )
        counts["pdca_draws"] = 1
        counts["pdca_findings"] = _inspect(draw, users)
    counts["pdca_earlier_items"] = _earlier_items(users)
    counts["pdca_other_sources"] = _other_sources(users)
    if stdout is not None and any(counts.values()):
        stdout.write(f"pdca: {counts}")
    return counts


DEMO_LOGINS = ("inspector", "admin", "leader", "depthead", "incharge", "staff")

# Rectification from earlier quarters, so the trends have a history: (what, owner, deadline
# in days from today, closed off so many days after the deadline or None while open).
EARLIER_ITEMS = [
    ("预算执行季度分析未按期报送", "depthead", -430, -6),
    ("专项资金拨付台账登记不全", "staff", -380, 12),
    ("政府采购合同备案超期", "depthead", -300, -3),
    ("公务接待审批单缺少分管领导签字", "incharge", -250, 9),
    ("国库集中支付授权变更未留痕", "staff", -200, -10),
    ("非税收入票据核销不及时", "depthead", -150, -2),
    ("往来款项长期挂账未清理", "staff", -100, None),
    ("会计岗位轮岗记录缺失", "depthead", -60, 5),
]


def _earlier_items(users: dict) -> int:
    """Items found before the demo draw, some closed off on time, some late, one still open."""
    unit = Unit.objects.filter(code=FEATURED).first()
    titles = [title for title, *_rest in EARLIER_ITEMS]
    if unit is None or RectificationItem.objects.filter(title__in=titles).exists():
        return 0
    today, created = timezone.localdate(), 0
    for title, owner, due_in, closed_after in EARLIER_ITEMS:
        if owner not in users:
            continue
        deadline = today + datetime.timedelta(days=due_in)
        closed = closed_after is not None
        closed_on = deadline + datetime.timedelta(days=closed_after or 0)
        RectificationItem.objects.create(
            unit=unit,
            source=RectificationSource.OTHER,
            title=title,
            owner=users[owner],
            inspector=users["inspector"],
            deadline=deadline,
            status=RectificationStatus.CLOSED if closed else RectificationStatus.OPEN,
            closed_at=_noon(closed_on) if closed else None,
            evidence_note="已整改并提交佐证材料" if closed else "",
        )
        created += 1
    return created


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _seed_drawing(district: Unit) -> int:
    """The first seed whose draw includes the featured unit: a fair draw, a chosen seed."""
    units = list(candidate_units(district).values_list("pk", "code"))
    featured = next((pk for pk, code in units if code == FEATURED), None)
    candidates = [[pk, 1] for pk, _code in units]
    for seed in range(1, 1000):
        picked = choose(seed=seed, candidates=candidates, previous=[], size=quota(len(units), 10))
        if featured is None or featured in picked:
            return seed
    return 1


def _inspect(draw: SamplingDraw, users: dict) -> int:
    """Record results everywhere, and three findings in the featured unit."""
    inspector = users["inspector"]
    for inspection in Inspection.objects.filter(draw=draw).select_related("unit", "draw"):
        items = list(inspection.items.all())
        results = {i.pk: (CheckResult.CARRIED_OUT, "") for i in items}
        if items:
            results[items[-1].pk] = (CheckResult.PARTLY, "台账记录不完整")
        inspecting.checklist_record(inspection=inspection, results=results, by=inspector)
        if inspection.unit.code == FEATURED and {"leader", "depthead"} <= users.keys():
            return _findings(inspection, items, users)
    return 0


def _findings(inspection: Inspection, items: list, users: dict) -> int:
    inspector, today = users["inspector"], timezone.localdate()
    specs = [
        (Severity.SERIOUS, "大额资金支付未经集体研究决定", users["leader"], 30),
        (Severity.SIGNIFICANT, "政府采购需求论证记录缺失", users["depthead"], 20),
        (Severity.MINOR, "廉政谈话记录未按季度归档", users["leader"], 10),
    ]
    findings = [
        inspecting.finding_record(
            inspection=inspection,
            severity=severity,
            description=text,
            owner=owner,
            deadline=today + datetime.timedelta(days=days),
            checklist_item=items[0] if items else None,
            by=inspector,
        )
        for severity, text, owner, days in specs
    ]
    closed = findings[1].rectification
    rectification_advance(
        item=closed, step_name="submit", by=users["depthead"], comment="补充完善需求论证记录并归档"
    )
    rectification_advance(item=closed, step_name="verify", by=inspector, comment="已核实")
    rectification_advance(item=closed, step_name="close", by=inspector, comment="同意销号")
    # The demo shows an overdue item: its deadline is moved into the past.
    RectificationItem.objects.filter(pk=findings[2].rectification.pk).update(
        deadline=today - datetime.timedelta(days=3)
    )
    return len(findings)


SPECIAL_TITLE = "2026年政府采购专项检查"
AUDIT_REFERENCE = "明审报〔2026〕12号"


def _other_sources(users: dict) -> int:
    """A special inspection of the featured unit whose finding repeats one of the draw's
    on the same measure (屡查屡犯), and an audit finding recorded from outside."""
    unit = Unit.objects.filter(code=FEATURED).first()
    if unit is None or not {"inspector", "depthead"} <= users.keys():
        return 0
    if Inspection.objects.filter(title=SPECIAL_TITLE).exists():
        return 0
    inspector, today = users["inspector"], timezone.localdate()
    earlier = (
        ChecklistItem.objects.filter(inspection__unit=unit, findings__isnull=False)
        .select_related("risk_point__post")
        .first()
    )
    post = earlier.risk_point.post if earlier and earlier.risk_point else None
    (special,) = inspection_plan(
        source=FindingSource.objects.get(code=RectificationSource.SPECIAL),
        title=SPECIAL_TITLE,
        units=[unit],
        posts=[post] if post else [],
        by=inspector,
    )
    same = special.items.filter(measure_id=earlier.measure_id).first() if earlier else None
    inspecting.finding_record(
        inspection=special,
        severity=Severity.SIGNIFICANT,
        description="采购需求论证仍未经集体研究，上次检查指出后未整改到位",
        owner=users["depthead"],
        deadline=today + datetime.timedelta(days=20),
        checklist_item=same or special.items.first(),
        by=inspector,
    )
    external_finding_record(
        unit=unit,
        source=FindingSource.objects.get(code=RectificationSource.AUDIT),
        reference=AUDIT_REFERENCE,
        found_on=today - datetime.timedelta(days=5),
        severity=Severity.SIGNIFICANT,
        description="专项资金结余未按规定及时清理上缴",
        owner=users["depthead"],
        deadline=today + datetime.timedelta(days=45),
        by=inspector,
    )
    return 2
