"""The register's sheet type: one risk point per row, its measures numbered in one cell.

Column labels are the Chinese headers of the ledger itself (the document's
format, the same in any interface language); English headers are accepted too.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.choices import DiscoveryMethod
from registry.codes import normalise_code
from registry.ledger.sheets import Column, Context, Plan, Row, SheetType, register
from registry.ledger.text import NotADate, date_text, key, parse_level, parse_year, split_measures

COLUMNS = (
    Column("serial", "序号", ("编号序号", "No", "No.", "#"), stored=False, width=6),
    Column("code", "风险点编号", ("编号", "风险编号", "代码", "风险点代码", "Code"), max_length=50, width=12),
    Column("unit", "单位", ("单位名称", "所属单位", "责任单位", "Unit"), required=True, max_length=200, width=18),
    Column("department", "科室", ("部门", "股室", "处室", "科室(部门)", "内设机构", "Department"), max_length=200, width=14),
    Column("post", "岗位", ("岗位名称", "职位", "Post"), max_length=200, width=14),
    Column("name", "风险点名称", ("风险点", "廉政风险点", "风险名称", "风险点描述", "Risk point"), required=True, max_length=255, width=24),
    Column("manifestation", "风险表现形式", ("表现形式", "风险表现", "风险描述", "主要表现", "风险内容", "Manifestation"), width=36),
    Column("category", "风险类别", ("风险类型", "类别", "类型", "风险种类", "Risk category"), required=True, max_length=100, width=14),
    Column("level", "风险等级", ("等级", "风险级别", "级别", "Risk level", "Level"), required=True, width=10),
    Column("measures", "防控措施", ("预防措施", "防范措施", "措施", "风险防控措施", "防控措施内容", "Measures"), width=48),
    Column("responsible", "责任人", ("防控责任人", "岗位责任人", "Responsible person"), max_length=100, width=10),
    Column("supervisor", "监督人", ("监督责任人", "监控领导", "监督领导", "监管人", "Supervising person"), max_length=100, width=12),
    Column("time_limit", "防控时限", ("时限", "完成时限", "Time limit"), max_length=100, width=12),
    Column("discovery", "查找方式", ("查找途径", "风险来源", "来源", "How it was found"), width=10),
    Column("year", "年度", ("年份", "登记年度", "Year"), width=8),
    Column("remarks", "备注", ("说明", "Remarks"), width=16),
)  # fmt: skip

# The "five-step method" words ledgers use (查找方式); export writes the first of each.
DISCOVERY_WORDS = {
    DiscoveryMethod.SELF: ("自己找", "自查", "自己查", "本人查找", "个人查找"),
    DiscoveryMethod.PUBLIC: ("群众帮", "群众提", "群众评", "群众反映"),
    DiscoveryMethod.LEADERS: ("领导提", "领导点", "领导指出"),
    DiscoveryMethod.COLLECTIVE: ("集中评", "集体评", "集体评议"),
    DiscoveryMethod.ORGANISATION: ("组织审", "组织定", "组织审核"),
}
LEVEL_WORDS = {1: "一级", 2: "二级", 3: "三级"}
# "领导班子" in the department column means the unit's leadership team: no department.
LEADERSHIP_WORDS = {key(w) for w in ("领导班子", "班子", "单位领导", "领导班子成员", "局领导")}


def discovery_lookup() -> dict[str, str]:
    lookup = {}
    for method, words in DISCOVERY_WORDS.items():
        for word in (*words, method.value, str(method.label)):
            lookup[key(word)] = method.value
    return lookup


@dataclass(slots=True)
class RiskRecord:
    """One ledger row, checked and normalised, not yet matched to the database."""

    sheet: str
    row: int
    headers: dict
    code: str
    unit: str
    department: str
    post: str
    name: str
    manifestation: str
    category: str
    level: int
    measures: list[str]
    responsible: str
    supervisor: str
    time_limit: str
    discovery: str | None
    year: int | None
    remarks: str
    failed: bool = False  # the row has errors: its references are checked, it is not planned


@register
class RiskPointSheet(SheetType):
    """Risk points (风险点) with their measures: the register's own ledger."""

    key = "risk_points"
    label = "廉政风险点及防控措施登记表"
    columns = COLUMNS

    def __init__(self) -> None:
        self._discovery = None

    def parse(self, row: Row) -> RiskRecord | None:
        """Every problem of the row is reported, and the record still goes on to the plan,
        which checks its unit, department, post and category too (``failed``)."""
        errors_before = len(row.problems.errors)
        for column in ("unit", "name", "category"):
            if not row.text(column):
                row.error(column, _("must not be empty"))
        level = parse_level(row.text("level"))
        if level is None:
            row.error(
                "level",
                _("“%(value)s” is not a valid level (一级/二级/三级)")
                % {"value": row.text("level")},
            )
        discovery = self._parse_discovery(row)
        year = parse_year(row.value("year")) if row.text("year") else None
        if row.text("year") and year is None:
            row.error("year", _("“%(value)s” is not a year") % {"value": row.text("year")})
        return RiskRecord(
            sheet=row.sheet, row=row.number, headers=row.headers,
            code=normalise_code(row.text("code")), unit=row.text("unit"), department=row.text("department"),
            post=row.text("post"), name=row.text("name"), manifestation=row.text("manifestation"),
            category=row.text("category"), level=level or 0, measures=split_measures(row.text("measures")),
            responsible=row.text("responsible"), supervisor=row.text("supervisor"),
            time_limit=_time_limit(row), discovery=discovery, year=year,
            remarks=row.text("remarks"), failed=len(row.problems.errors) > errors_before,
        )  # fmt: skip

    def _parse_discovery(self, row: Row) -> str | None:
        text = row.text("discovery")
        if not text:
            return None
        if self._discovery is None:
            self._discovery = discovery_lookup()
        method = self._discovery.get(key(text))
        if method is None:
            row.error(
                "discovery",
                _("“%(value)s” is not a way of finding risks (自己找/群众帮/领导提/集中评/组织审)")
                % {"value": text},
            )
        return method

    def plan(self, records: list, context: Context) -> Plan:
        from registry.ledger.risk_point_plan import plan_risk_points

        return plan_risk_points(records, context)

    def planner(self, context: Context, column_texts):
        from registry.ledger.risk_point_plan import RiskPointPlanner

        return RiskPointPlanner(context, column_texts("unit"))

    def write(self, plan: Plan, context: Context) -> list:
        from registry.ledger.risk_point_write import write_risk_points

        return write_risk_points(plan, context)


def _time_limit(row: Row) -> str:
    """防控时限: "长期" stays as written; a date or an Excel date number becomes YYYY-MM-DD."""
    value = row.value("time_limit")
    if isinstance(value, str):
        value = row.text("time_limit")
    try:
        return date_text(value)
    except NotADate as error:
        row.error("time_limit", _("“%(value)s” is not a date") % {"value": error})
        return ""
