"""The power list as a ledger sheet type: import of 权力清单 workbooks through ``registry.ledger``.

A power-list workbook has two sheets (see ``powers.export``): the powers, one a
row, and their flow steps, one step a row, tied to the power by 事项编码. The
engine reads every sheet with one set of columns, so this sheet type knows the
union of both and tells the sheets apart by their headers: a sheet with
环节序号 or 环节名称 holds steps. Only 事项编码 is required everywhere.

A column missing from a sheet leaves that field as it is, so a file with only
事项编码 and 联系电话 updates phone numbers and nothing else.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.ledger.sheets import Column, Context, Plan, Row, SheetType, register
from registry.ledger.text import key

COLUMNS = (
    Column("serial", "序号", ("No", "No.", "#"), stored=False, width=6),
    Column("unit", "单位", ("单位名称", "所属单位", "实施单位", "Unit"), max_length=200, width=16),
    Column("code", "事项编码", ("编码", "事项代码", "权力编码", "权力事项编码", "基本编码", "Item code"), required=True, max_length=50, width=14),
    Column("name", "事项名称", ("权力事项名称", "权力名称", "权力事项", "Power"), max_length=255, width=28),
    Column("category", "权力类别", ("权力类型", "事项类别", "事项类型", "类别", "Category"), max_length=100, width=12),
    Column("content", "权力内容", ("事项内容", "内容", "Content"), width=30),
    Column("legal_basis", "实施依据", ("设定依据", "法律依据", "法定依据", "依据", "Legal basis"), width=36),
    Column("service_object", "服务对象", ("行使对象", "实施对象", "Service object"), max_length=255, width=14),
    Column("handling_body", "办理机构", ("实施机构", "实施主体", "承办机构", "Handling body"), max_length=255, width=16),
    Column("department", "责任科室", ("责任股室", "责任处室", "承办科室", "科室", "内设机构", "Department"), max_length=200, width=14),
    Column("posts", "责任岗位", ("责任岗", "岗位", "Posts"), width=16),
    Column("time_limit", "办理时限", ("时限", "承诺时限", "法定时限", "环节时限", "Time limit"), max_length=100, width=12),
    Column("contact_phone", "联系电话", ("咨询电话", "Contact phone"), max_length=50, width=14),
    Column("supervision_phone", "监督电话", ("监督投诉电话", "Supervision phone"), max_length=50, width=14),
    Column("major", "重大/一般", ("重大或一般", "是否重大事项", "重大事项", "事项性质", "Major matter"), width=10),
    Column("remarks", "备注", ("说明", "Remarks"), width=16),
    Column("step_order", "环节序号", ("环节编号", "步骤序号", "Step number"), width=8),
    Column("step_name", "环节名称", ("流程环节", "办理环节", "步骤名称", "Step"), max_length=200, width=14),
    Column("step_post", "承办岗位", ("环节岗位", "经办岗位", "办理岗位", "Undertaking post"), max_length=200, width=14),
    Column("duty", "岗位职责", ("职责", "环节职责", "工作职责", "Duty"), width=30),
    Column("control", "监督制约", ("制约措施", "监督制约措施", "监督措施", "Check or constraint"), width=30),
    Column("complaint_channel", "投诉渠道", ("投诉方式", "Complaint channel"), max_length=255, width=16),
)  # fmt: skip

# Fields of a power a power row may set, by column key (model field names).
POWER_FIELDS = (
    "name", "category", "content", "legal_basis", "service_object", "handling_body",
    "department", "time_limit_days", "contact_phone", "supervision_phone", "is_major", "remarks",
)  # fmt: skip
STEP_FIELDS = ("name", "post", "time_limit", "duty", "control", "complaint_channel")

MAJOR_WORDS = {key(w): True for w in ("重大", "重大事项", "是", "√", "major", "yes")}
MAJOR_WORDS.update({key(w): False for w in ("一般", "一般事项", "否", "general", "no")})
_NUMBER = re.compile(r"\d+")
_STEP_NUMBER = re.compile(r"第?(\d{1,4})(步|环节)?")
_POST_SEPARATORS = re.compile(r"[、,，;；/\n]+")


@dataclass(slots=True)
class PowerRecord:
    """One row of the power sheet; ``values`` holds only the columns the sheet has."""

    sheet: str
    row: int
    headers: dict
    unit: str
    code: str
    values: dict  # text values by model field name, only for the columns present
    posts: list[str] | None  # None: the sheet has no 责任岗位 column


@dataclass(slots=True)
class StepRecord:
    """One row of the flow-step sheet."""

    sheet: str
    row: int
    headers: dict
    unit: str
    code: str
    order: int
    values: dict  # by FlowStep field name ("post" is the post's name), columns present only


def is_step_sheet(row: Row) -> bool:
    return row.has("step_order") or row.has("step_name")


@register
class PowerListSheet(SheetType):
    """Power lists (权力清单) with their process flows (运行流程)."""

    key = "power_items"
    label = "权力清单"
    columns = COLUMNS

    def parse(self, row: Row) -> PowerRecord | StepRecord | None:
        errors_before = len(row.problems.errors)
        if not row.text("code"):
            row.error("code", _("must not be empty"))
        record = _parse_step(row) if is_step_sheet(row) else _parse_power(row)
        return None if len(row.problems.errors) > errors_before else record

    def plan(self, records: list, context: Context) -> Plan:
        from powers.ledger_plan import plan_power_list

        return plan_power_list(records, context)

    def write(self, plan: Plan, context: Context) -> list:
        from powers.ledger_write import write_power_list

        return write_power_list(plan, context)


def _parse_power(row: Row) -> PowerRecord:
    texts = {
        "name": "name", "category": "category", "content": "content",
        "legal_basis": "legal_basis", "service_object": "service_object",
        "handling_body": "handling_body", "department": "department",
        "contact_phone": "contact_phone", "supervision_phone": "supervision_phone",
        "remarks": "remarks",
    }  # fmt: skip
    values = {field: row.text(column) for field, column in texts.items() if row.has(column)}
    if row.has("time_limit"):
        values["time_limit_days"] = _parse_days(row)
    if row.has("major"):
        values["is_major"] = _parse_major(row)
    posts = None
    if row.has("posts"):
        posts = [p.strip() for p in _POST_SEPARATORS.split(row.text("posts")) if p.strip()]
    return PowerRecord(
        sheet=row.sheet, row=row.number, headers=row.headers,
        unit=row.text("unit"), code=row.text("code"), values=values, posts=posts,
    )  # fmt: skip


def _parse_days(row: Row) -> int | None:
    """ "20个工作日", "20日", "20" → 20; blank → None. Anything else is an error."""
    text = row.text("time_limit")
    if not text:
        return None
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1 or int(numbers[0]) > 32767:
        row.error(
            "time_limit",
            _("“%(value)s” is not a number of working days (write, e.g., 20个工作日)")
            % {"value": text},
        )
        return None
    return int(numbers[0])


def _parse_major(row: Row) -> bool:
    text = row.text("major")
    major = MAJOR_WORDS.get(key(text), None) if text else False
    if major is None:
        row.error("major", _("“%(value)s” is neither 重大 nor 一般") % {"value": text})
        return False
    return major


def _parse_step(row: Row) -> StepRecord:
    # A step sheet may number its steps in a plain 序号 column.
    order_column = "step_order" if row.has("step_order") else "serial"
    text = row.text(order_column)
    match = _STEP_NUMBER.fullmatch(text)
    order = int(match.group(1)) if match else 0
    if order < 1:
        row.error(
            order_column if row.has(order_column) else "step_order",
            _("“%(value)s” is not a step number (1, 2, 3…)") % {"value": text},
        )
    if not row.text("step_name"):
        row.error("step_name", _("must not be empty"))
    columns = {
        "name": "step_name", "post": "step_post", "time_limit": "time_limit",
        "duty": "duty", "control": "control", "complaint_channel": "complaint_channel",
    }  # fmt: skip
    values = {field: row.text(column) for field, column in columns.items() if row.has(column)}
    if not row.has("step_post") and row.has("posts"):
        values["post"] = row.text("posts")  # a step sheet headed 岗位 or 责任岗位
    return StepRecord(
        sheet=row.sheet, row=row.number, headers=row.headers,
        unit=row.text("unit"), code=row.text("code"), order=order, values=values,
    )  # fmt: skip
