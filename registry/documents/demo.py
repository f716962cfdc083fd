"""Demo documents: the district commission as issuer, and documents of several kinds."""

import datetime

from registry.documents import kinds
from registry.documents.models import Document, DocumentIssuer
from registry.documents.services import document_issue
from registry.models import Person, Unit

# (kind, unit code, title, addressee, body, with a person)
DOCUMENTS = [
    (kinds.INTERNAL_CIRCULAR, "CZ", "关于区财政局政府采购违规问题的内部通报", "各科室",
     "2026年第一季度抽查中发现，政府采购科在办公设备采购中未按规定公开招标。\n"
     "责成该科限期整改，并在全局范围内开展采购制度学习。", False),
    (kinds.INTEGRITY_BULLETIN, "CZ", "2026年第三季度廉情通报", "局党组及各科室",
     "本季度收到预警信息3条，已核实2条，发出预警通知书1份。\n"
     "主要问题集中在采购、资金拨付环节。\n下一步将开展专项检查。", False),
    (kinds.SUPERVISION_ADVICE, "CZ", "监察建议书", "明湖区财政局",
     "在监督检查中发现，国库支付审核岗长期由同一人担任，存在廉政风险。\n"
     "建议：落实定期轮岗制度，建立双人复核机制。\n"
     "请于收到本建议书之日起三十日内书面回复落实情况。", False),
    (kinds.TALK_REMINDER, "CZ", "谈话提醒记录", "",
     "谈话时间：2026年11月20日\n谈话地点：区纪委监委谈话室\n"
     "提醒事项：在预算审核中严格执行标准，不得接受服务对象宴请。\n本人表态：接受提醒，认真改正。", True),
]


def seed_documents(*, by) -> int:
    """The commission's issuer and a few documents; a second run creates nothing."""
    commission = Unit.objects.filter(is_discipline_commission=True).order_by("path").first()
    if commission is None or by is None:
        return 0
    DocumentIssuer.objects.get_or_create(
        unit=commission,
        defaults={"name": f"中共{commission.name.removesuffix('纪委监委')}纪律检查委员会",
                  "abbreviation": commission.name[0] + "纪"},
    )
    if Document.objects.filter(kind__code=kinds.INTERNAL_CIRCULAR).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in={d[1] for d in DOCUMENTS})}
    created = 0
    for day, (kind, code, title, addressee, body, with_person) in enumerate(DOCUMENTS, start=1):
        unit = units.get(code)
        if unit is None:
            continue
        person = Person.objects.filter(unit=unit).order_by("pk").first() if with_person else None
        document_issue(
            kind=kind, unit=unit, title=title, addressee=addressee, body=body, person=person,
            issued_on=datetime.date(2026, 11, day * 5), by=by,
        )  # fmt: skip
        created += 1
    return created
