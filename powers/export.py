"""Export power lists to Excel: the powers on one sheet, their flow steps on a second.

Headers are the ones units use in their own ledgers (事项编码, 事项名称, …), so an
exported file is also the template an import of power lists will read.
"""

from django.db.models import Prefetch

from powers.choices import PostRole
from powers.models import FlowStep, PowerItem, PowerPost
from registry import excel

POWER_SHEET, STEP_SHEET = "权力清单", "运行流程"
POWER_HEADERS = [
    "单位", "事项编码", "事项名称", "权力类别", "实施依据", "办理机构", "责任科室", "责任岗位",
    "办理时限", "联系电话", "监督电话", "重大/一般", "备注",
]  # fmt: skip
STEP_HEADERS = [
    "单位", "事项编码", "环节序号", "环节名称", "承办岗位", "办理时限", "岗位职责", "监督制约",
    "投诉渠道",
]  # fmt: skip


def with_export_relations(queryset):
    """Three queries whatever the number of powers: powers, undertaking posts, steps."""
    undertaking = PowerPost.objects.filter(role=PostRole.UNDERTAKE).select_related("post")
    return queryset.select_related("unit", "category", "department").prefetch_related(
        Prefetch("assignments", queryset=undertaking, to_attr="undertakers"),
        Prefetch("steps", queryset=FlowStep.objects.select_related("post").order_by("order")),
    )


def write_power_list(powers, stream) -> None:
    with excel.Book(stream) as book:
        power_sheet, step_sheet = book.sheet(POWER_SHEET), book.sheet(STEP_SHEET)
        power_sheet.header(POWER_HEADERS)
        step_sheet.header(STEP_HEADERS)
        for power in powers:
            power_sheet.append(_power_row(power))
            for step in power.steps.all():
                step_sheet.append(_step_row(power, step))


def _power_row(power: PowerItem) -> list:
    return [
        power.unit.name,
        power.code,
        power.name,
        power.category.name,
        power.legal_basis,
        power.handling_body,
        power.department.name if power.department_id else "",
        "、".join(a.post.name for a in power.undertakers),
        f"{power.time_limit_days}个工作日" if power.time_limit_days else "",
        power.contact_phone,
        power.supervision_phone,
        "重大" if power.is_major else "一般",
        power.remarks,
    ]


def _step_row(power: PowerItem, step: FlowStep) -> list:
    return [
        power.unit.name,
        power.code,
        step.order,
        step.name,
        step.post.name if step.post_id else "",
        step.time_limit,
        step.duty,
        step.control,
        step.complaint_channel,
    ]
