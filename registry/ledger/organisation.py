"""The organisation as a ledger sheet type: units, departments, posts and people.

One sheet, one object a row; 类别 says which (单位 / 科室 / 岗位 / 人员), 单位编码
names the unit. A unit row creates the unit (below 上级单位编码, which must exist
or come in an earlier row) or renames it; department, post and person rows are
matched by name within their unit (and department) and created when missing.
Rows only ever add or update: nothing is deleted or moved by an import. The
importing user must administer every unit a row touches.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from registry.choices import UnitKind
from registry.ledger.sheets import Change, Column, Context, Plan, Row, SheetType, register
from registry.ledger.text import key

KIND_WORDS = {"单位": "unit", "科室": "department", "岗位": "post", "人员": "person"}
KIND_LABELS = {value: label for label, value in KIND_WORDS.items()}
YES_NO = {key(w): True for w in ("是", "√", "yes", "y", "1")} | {
    key(w): False for w in ("否", "×", "no", "n", "0")
}
LEADERSHIP = "领导班子"

COLUMNS = (
    Column("kind", "类别", ("类型", "Kind"), required=True, width=8),
    Column("unit_code", "单位编码", ("单位代码", "Unit code"), required=True, max_length=50, width=12),
    Column("unit_name", "单位名称", ("单位", "Unit"), max_length=200, width=20),
    Column("parent_code", "上级单位编码", ("上级单位", "Parent unit code"), max_length=50, width=12),
    Column("unit_kind", "单位性质", ("单位类型", "Unit kind"), width=14),
    Column("department", "科室", ("股室", "内设机构", "部门", "Department"), max_length=200, width=14),
    Column("post", "岗位", ("岗位名称", "Post"), max_length=200, width=16),
    Column("key_post", "关键岗位", ("是否关键岗位", "Key post"), width=8),
    Column("person", "姓名", ("人员", "Name"), max_length=100, width=10),
    Column("title", "职务", ("职务职级", "Title"), max_length=100, width=16),
)  # fmt: skip


@dataclass(slots=True)
class OrgRecord:
    sheet: str
    row: int
    headers: dict
    kind: str
    unit_code: str
    values: dict  # by column key, only the columns this sheet has

    def column(self, key_: str) -> str:
        return self.headers.get(key_, key_)


@register
class OrganisationSheet(SheetType):
    """组织机构: units, departments, posts and people."""

    key = "organisation"
    label = "组织机构"
    columns = COLUMNS

    def parse(self, row: Row) -> OrgRecord | None:
        errors_before = len(row.problems.errors)
        kind = KIND_WORDS.get(row.text("kind"))
        if kind is None:
            row.error("kind", _("must be one of %(words)s") % {"words": "、".join(KIND_WORDS)})
        if not row.text("unit_code"):
            row.error("unit_code", _("must not be empty"))
        values = {c.key: row.text(c.key) for c in COLUMNS[2:] if row.has(c.key)}
        _check_values(row, kind, values)
        if len(row.problems.errors) > errors_before:
            return None
        return OrgRecord(row.sheet, row.number, row.headers, kind, row.text("unit_code"), values)

    def plan(self, records: list, context: Context) -> Plan:
        from registry.ledger.organisation_plan import plan_organisation

        return plan_organisation(records, context)

    def write(self, plan: Plan, context: Context) -> list[Change]:
        from registry.ledger.organisation_plan import write_organisation

        return write_organisation(plan, context)


def _check_values(row: Row, kind: str | None, values: dict) -> None:
    needs = {"department": ("department",), "post": ("post",), "person": ("person",)}
    for column in needs.get(kind, ()):
        if not values.get(column):
            row.error(
                column, _("must not be empty for a %(kind)s row") % {"kind": KIND_LABELS[kind]}
            )
    if "unit_kind" in values and values["unit_kind"]:
        with translation.override("zh-hans"):
            kinds = {str(label): value for value, label in UnitKind.choices}
        if values["unit_kind"] not in kinds and values["unit_kind"] not in UnitKind.values:
            row.error("unit_kind", _("must be one of %(words)s") % {"words": "、".join(kinds)})
        values["unit_kind"] = kinds.get(values["unit_kind"], values["unit_kind"])
    if values.get("key_post"):  # blank leaves the flag as it is
        flag = YES_NO.get(key(values["key_post"]))
        if flag is None:
            row.error("key_post", _("must be 是 or 否"))
        values["key_post"] = flag
    else:
        values.pop("key_post", None)
    if values.get("department") == LEADERSHIP:
        values["department"] = ""
