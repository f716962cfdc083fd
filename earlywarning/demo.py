"""Demo data for the early-warning app, run by ``manage.py seed_demo`` after the registry's.

Officers in four units with last month's reports (one missing), warning
information from every kind of source giving one unit of each colour, and
disposal cases at different steps, one closed. Rules, thresholds and step
deadlines come from the data migration. Dates are relative to today, so the
dashboard of a fresh demo always has this year's figures. Every row is found
by a natural key first, so a second run creates nothing.
"""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from earlywarning.choices import NoticeKind, SourceType
from earlywarning.models import (
    DeductionRule,
    DisposalCase,
    InformationOfficer,
    Notice,
    OfficerReport,
    WarningInfo,
)
from earlywarning.services.disposal import case_close, case_move, case_open
from earlywarning.services.intake import warning_record, warning_verify
from earlywarning.services.notices import notice_issue
from earlywarning.services.officers import month_start, previous_month, report_submit
from registry.models import Person, Unit

OFFICERS = [("CZ", "许文静", 28), ("YY", "孟晓", 28), ("SB", "杨丽萍", 28), ("JS", "柏青", 25)]

# unit, person, source, days ago, summary, facts, complainant, finding, rule, major, steps, closed
WARNINGS = [
    (
        "YY",
        "雷鸣",
        SourceType.COMPLAINT,
        70,
        "中央空调采购未按规定公开招标",
        "群众来信反映，医院采购中央空调设备约500万元，未履行公开招标程序，由设备科直接与供应商签订合同。",
        ("李某", "信访件 2026-031", "要求对身份保密"),
        True,
        "",
        False,
        1,
        False,
    ),
    (
        "YY",
        "",
        SourceType.HOTLINE,
        40,
        "药品采购回扣线索",
        "热线反映药剂科个别人员在药品遴选中收受供应商好处。",
        None,
        True,
        "",
        False,
        0,
        False,
    ),
    (
        "YY",
        "",
        SourceType.INSPECTION,
        30,
        "设备验收记录不全",
        "季度抽查发现三台设备验收单缺少使用科室签字。",
        None,
        True,
        "",
        False,
        -1,
        False,
    ),
    (
        "JS",
        "殷俊",
        SourceType.COMPLAINT,
        90,
        "招投标监管中泄露标底",
        "投标企业实名举报招投标监管岗人员向特定企业透露标底。",
        ("某建筑公司", "0710-1234567", ""),
        True,
        "",
        True,
        3,
        False,
    ),
    (
        "JS",
        "",
        SourceType.COMPLAINT,
        45,
        "保障房资格审核把关不严",
        "信访反映多户不符合条件家庭取得保障房资格。",
        ("王某", "", ""),
        True,
        "",
        False,
        2,
        False,
    ),
    (
        "JS",
        "",
        SourceType.OVERDUE_RECTIFICATION,
        20,
        "整改逾期：工程款支付审批流程",
        "上季度检查要求规范工程款支付审批，期限已过仍未完成。",
        None,
        True,
        "",
        False,
        0,
        False,
    ),
    (
        "CZ",
        "",
        SourceType.COMPLAINT,
        25,
        "政府采购评审专家抽取不规范",
        "来信反映评审专家名单提前外泄。",
        ("匿名", "", "来信未署名"),
        True,
        "",
        False,
        0,
        True,
    ),
    (
        "SB",
        "",
        SourceType.APPRAISAL,
        15,
        "窗口服务民主测评满意度偏低",
        "上半年民主测评中待遇支付窗口满意度排名末位。",
        None,
        True,
        "",
        False,
        -1,
        False,
    ),
    (
        "SB",
        "",
        SourceType.OFFICER_REPORT,
        5,
        "个人账户补填审核把关不严",
        "信息员报告：个人账户补填业务存在一人经办、无复核的情况。",
        None,
        False,
        "",
        False,
        -1,
        False,
    ),
    (
        "MZ",
        "",
        SourceType.SELF_REPORT,
        3,
        "低保审核系统账号共用",
        "单位自查发现低保审核岗账号多人共用。",
        None,
        False,
        "",
        False,
        -1,
        False,
    ),
]


# Warning information from earlier quarters, so the trends per quarter have a history:
# (unit, source, days ago, summary, facts, verified). Verified ones fall in last year, or
# this year in units whose colour no demo test fixes.
EARLIER_WARNINGS = [
    (
        "GT",
        SourceType.COMPLAINT,
        640,
        "土地出让底价泄露线索",
        "来信反映出让底价在挂牌前外泄。",
        True,
    ),
    (
        "SW",
        SourceType.HOTLINE,
        560,
        "税收减免审核把关不严",
        "热线反映个别减免申请资料不全即获批准。",
        True,
    ),
    (
        "HB",
        SourceType.OFFICER_REPORT,
        470,
        "低保入户调查走过场",
        "信息员报告入户调查记录雷同。",
        True,
    ),
    (
        "CT",
        SourceType.APPRAISAL,
        400,
        "工程变更签证审批随意",
        "民主测评中多人反映工程变更签证审批不严。",
        True,
    ),
    (
        "MZ",
        SourceType.SELF_REPORT,
        430,
        "救助资金发放名单未公示",
        "单位自查发现临时救助名单未按规定公示。",
        False,
    ),
    (
        "GT",
        SourceType.HOTLINE,
        330,
        "不动产登记插队办理",
        "热线反映窗口人员为熟人插队办理登记。",
        True,
    ),
    (
        "HB",
        SourceType.COMPLAINT,
        260,
        "社区工程项目拆分发包",
        "来信反映社区改造项目被拆分规避招标。",
        True,
    ),
    (
        "SW",
        SourceType.OFFICER_REPORT,
        210,
        "发票领用审核不严",
        "信息员报告发票领用存在代签情况。",
        False,
    ),
    (
        "CT",
        SourceType.HOTLINE,
        150,
        "材料采购询价记录缺失",
        "热线反映材料采购未按规定询价。",
        False,
    ),
    (
        "GT",
        SourceType.SELF_REPORT,
        100,
        "执法记录仪使用不规范",
        "单位自查发现执法过程未全程记录。",
        True,
    ),
]


class _Seeder:
    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.created: Counter = Counter()
        self.today = timezone.localdate()
        self.inspector = get_user_model().objects.filter(username="inspector").first()
        self.units = {
            u.code: u for u in Unit.objects.filter(code__in={"CZ", "YY", "SB", "JS", "MZ"})
        }

    def say(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(message)

    def days_ago(self, days: int) -> datetime.date:
        return max(self.today - datetime.timedelta(days=days), self.today.replace(month=1, day=1))

    def moment(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))

    def person(self, unit: Unit, name: str) -> Person | None:
        return Person.objects.filter(unit=unit, name=name).first() if name else None

    def officers(self) -> None:
        for code, name, day in OFFICERS:
            unit, person = self.units.get(code), None
            if unit:
                person = self.person(unit, name)
            if not person:
                continue
            officer = InformationOfficer.objects.filter(
                unit=unit, person=person, ended_on__isnull=True
            ).first()
            if officer is None:
                officer = InformationOfficer.objects.create(
                    unit=unit,
                    person=person,
                    report_day=day,
                    appointed_on=self.today.replace(month=1, day=1),
                )
                self.created["officers"] += 1
            if code != "SB":  # SB's officer missed last month's report
                self.report(officer)

    def report(self, officer: InformationOfficer) -> None:
        period = previous_month(month_start(self.today))
        if (
            period.year < self.today.year
            or OfficerReport.objects.filter(officer=officer, period=period).exists()
        ):
            return
        report_submit(
            officer=officer,
            period=period,
            by=self.inspector,
            content="本月开展廉政风险排查一次，重点岗位人员谈话提醒三人次，未发现新的问题线索。",
            now=self.moment(officer.due_date(period) - datetime.timedelta(days=2)),
        )
        self.created["officer_reports"] += 1

    def warnings(self) -> None:
        for row in WARNINGS:
            (
                code,
                name,
                source,
                ago,
                summary,
                facts,
                complainant,
                found,
                rule,
                major,
                steps,
                closed,
            ) = row
            unit = self.units.get(code)
            if unit is None or WarningInfo.objects.filter(unit=unit, summary=summary).exists():
                continue
            received = self.days_ago(ago)
            warning = WarningInfo(
                unit=unit,
                person=self.person(unit, name),
                source_type=source,
                received_on=received,
                summary=summary,
                facts=facts,
            )
            if complainant:
                warning.complainant_name, warning.complainant_contact, warning.complainant_note = (
                    complainant
                )
            warning_record(warning=warning, by=self.inspector)
            self.created["warnings"] += 1
            if found:
                verified_on = self.moment(received + datetime.timedelta(days=3))
                warning = warning_verify(
                    warning=warning,
                    found=True,
                    is_major=major,
                    by=self.inspector,
                    now=verified_on,
                    reason="经调阅资料、约谈相关人员，反映问题基本属实。",
                    rule=DeductionRule.objects.filter(code=rule).first() if rule else None,
                )
            if steps >= 0 and found:
                self.case(warning, steps, closed, received)

    def earlier_warnings(self) -> None:
        units = {u.code: u for u in Unit.objects.filter(code__in={r[0] for r in EARLIER_WARNINGS})}
        for code, source, ago, summary, facts, found in EARLIER_WARNINGS:
            unit = units.get(code)
            if unit is None or WarningInfo.objects.filter(unit=unit, summary=summary).exists():
                continue
            received = self.today - datetime.timedelta(days=ago)
            warning = WarningInfo(
                unit=unit, source_type=source, received_on=received, summary=summary, facts=facts
            )
            warning_record(warning=warning, by=self.inspector)
            self.created["warnings"] += 1
            if found:
                warning_verify(
                    warning=warning,
                    found=True,
                    is_major=False,
                    by=self.inspector,
                    now=self.moment(received + datetime.timedelta(days=5)),
                    reason="经调阅资料、约谈相关人员，反映问题基本属实。",
                )

    def case(self, warning, steps: int, closed: bool, received: datetime.date) -> None:
        opened = received + datetime.timedelta(days=4)
        case = case_open(warning=warning, by=self.inspector, now=self.moment(opened))
        self.created["cases"] += 1
        for step in range(steps):
            when = self.moment(min(opened + datetime.timedelta(days=16 * (step + 1)), self.today))
            case = case_move(
                case=case,
                up=True,
                by=self.inspector,
                now=when,
                reason="期限内未说明情况、未见整改，升级处置。",
            )
        if closed:
            case_close(
                case=case,
                by=self.inspector,
                now=self.moment(self.today),
                resolution="已重新组织专家抽取，对相关人员进行提醒谈话。",
                evidence="专家抽取录像及密封记录、谈话记录",
            )
        if steps >= 1:
            self.notice(warning, case)

    def notice(self, warning: WarningInfo, case: DisposalCase) -> None:
        kind = NoticeKind.RECTIFICATION if case.step >= 3 else NoticeKind.WARNING
        if Notice.objects.filter(warning=warning, kind=kind).exists():
            return
        notice_issue(
            notice=Notice(
                kind=kind,
                unit=warning.unit,
                warning=warning,
                case=case,
                issued_to=f"{warning.unit.name}党委（党组）",
                facts=warning.facts,
                required_action="请于期限内核实情况，完成整改，并书面报告整改结果。",
                deadline=self.today + datetime.timedelta(days=30),
            ),
            by=self.inspector,
        )
        self.created["notices"] += 1


def seed_demo(*, stdout=None) -> dict[str, int]:
    seeder = _Seeder(stdout)
    if seeder.inspector is None or not seeder.units:
        return {}
    with transaction.atomic():
        seeder.officers()
        seeder.warnings()
        seeder.earlier_warnings()
    return {
        key: seeder.created[key]
        for key in ("officers", "officer_reports", "warnings", "cases", "notices")
    }
