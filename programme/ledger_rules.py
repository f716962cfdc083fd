"""Rules as an Excel ledger (制度台账, one change per row) through registry's ledger
engine: a row makes, revises or abolishes a rule of a unit whose records the importer
keeps; a rule not yet on record is created by its row. Exported in the same columns."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programme.access import kept_units
from programme.choices import RuleChangeKind
from programme.ledgers import parse_date
from programme.models import Rule, RuleChange
from registry.ledger import Change, Column, Context, Plan, Planned, Row, SheetType, register
from registry.ledger.text import key

COLUMNS = (
    Column("unit", "单位", ("单位名称", "Unit"), required=True, max_length=200, width=18),
    Column("title", "制度名称", ("制度", "名称", "Rule"), required=True, max_length=200, width=30),
    Column("reference", "文号", ("发文字号", "Document number"), max_length=100, width=16),
    Column("kind", "变动", ("类型", "清理结果", "Change"), required=True, width=8),
    Column("on", "日期", ("时间", "Date"), required=True, width=12),
    Column("note", "备注", ("说明", "Note"), max_length=300, width=20),
)  # fmt: skip
KIND_WORDS = {
    RuleChangeKind.NEW: ("新建", "新制定", "制定", "新增"),
    RuleChangeKind.REVISED: ("修订", "修改", "完善"),
    RuleChangeKind.ABOLISHED: ("废止", "废除", "取消"),
}
WORD_OF = {kind: words[0] for kind, words in KIND_WORDS.items()}


@dataclass(slots=True)
class RuleRecord:
    sheet: str
    row: int
    unit: str
    title: str
    reference: str
    kind: str
    on: object
    note: str


@register
class RuleSheet(SheetType):
    key = "programme_rules"
    label = "制度建设台账"  # the ledger's own title
    columns = COLUMNS

    def parse(self, row: Row) -> RuleRecord | None:
        kinds = {key(w): kind for kind, words in KIND_WORDS.items() for w in (*words, kind.value)}
        kind, on = kinds.get(key(row.text("kind"))), parse_date(row.value("on"))
        if kind is None:
            row.error("kind", _("Write 新建, 修订 or 废止."))
        if on is None:
            row.error("on", _("Write the date as 2026-03-14."))
        if kind is None or on is None:
            return None
        return RuleRecord(
            row.sheet,
            row.number,
            row.text("unit"),
            row.text("title"),
            row.text("reference"),
            kind,
            on,
            row.text("note"),
        )

    def plan(self, records: list, context: Context) -> Plan:
        units = list(kept_units(context.by)) if context.by else []
        by_key = {key(u.name): u for u in units} | {key(u.code): u for u in units}
        rules = {(r.unit_id, key(r.title)): r for r in Rule.objects.filter(unit__in=units)}
        changes = set(
            RuleChange.objects.filter(rule__in=list(rules.values())).values_list(
                "rule_id", "kind", "on"
            )
        )
        plan, payload = Plan(), []
        for record in records:
            unit = by_key.get(key(record.unit))
            if unit is None:
                context.problems.error(
                    record.sheet,
                    record.row,
                    "单位",
                    _("“%(unit)s” is not a unit whose records you keep.") % {"unit": record.unit},
                )
                continue
            rule = rules.get((unit.pk, key(record.title)))
            planned = Planned(record.sheet, record.row, f"{record.title} · {WORD_OF[record.kind]}")
            if rule is not None and (rule.pk, record.kind, record.on) in changes:
                plan.unchanged.append(planned)
                continue
            payload.append((record, unit))
            plan.created.append(planned)
        plan.payload = {"rows": payload, "rules": rules}
        return plan

    def write(self, plan: Plan, context: Context) -> list[Change]:
        rules, by = plan.payload["rules"], context.by
        missing = {}
        for record, unit in plan.payload["rows"]:
            slot = (unit.pk, key(record.title))
            if slot not in rules and slot not in missing:
                missing[slot] = Rule(unit=unit, title=record.title, reference=record.reference)
        created = bulk_create_with_history(list(missing.values()), Rule, default_user=by)
        rules = rules | dict(zip(missing.keys(), created, strict=True))
        rows = [
            RuleChange(rule=rules[(unit.pk, key(r.title))], kind=r.kind, on=r.on, note=r.note)
            for r, unit in plan.payload["rows"]
        ]
        rows = bulk_create_with_history(rows, RuleChange, default_user=by)
        abolished = {c.rule for c in rows if c.kind == RuleChangeKind.ABOLISHED and c.rule.in_force}
        for rule in abolished:
            rule.in_force = False
        bulk_update_with_history(
            list(abolished),
            Rule,
            ["in_force"],
            default_user=by,
            default_change_reason=context.change_reason,
        )
        return [
            Change("created", r.sheet, r.row, change, f"{r.title} · {WORD_OF[r.kind]}")
            for (r, _unit), change in zip(plan.payload["rows"], rows, strict=True)
        ]


def export_rows(unit, year: int) -> list[list]:
    changes = (
        RuleChange.objects.filter(rule__unit=unit, on__year=year)
        .select_related("rule")
        .order_by("on", "rule__title")
    )
    return [
        [unit.name, c.rule.title, c.rule.reference, WORD_OF[c.kind], c.on, c.note] for c in changes
    ]
