"""Education attendance as an Excel ledger (one attendee per row), through registry's
ledger engine: imported all rows or none from the ledger upload page, exported per unit
and year in the same columns.

An activity is the rows sharing unit, date, kind and topic; a row adds the person to it
(or updates their test score).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programme.access import kept_units
from programme.models import Attendance, EducationActivity, EducationKind
from registry.ledger import Change, Column, Context, Plan, Planned, Row, SheetType, register
from registry.ledger.text import key
from registry.models import Person

COLUMNS = (
    Column("unit", "单位", ("单位名称", "Unit"), required=True, max_length=200, width=18),
    Column("held_on", "日期", ("活动日期", "时间", "Date"), required=True, width=12),
    Column("kind", "形式", ("活动形式", "教育形式", "类型", "Kind"), required=True, width=12),
    Column("topic", "主题", ("活动主题", "内容", "Topic"), required=True, max_length=200, width=30),
    Column("audience", "对象", ("参加对象", "Audience"), max_length=200, width=14),
    Column("person", "姓名", ("参加人", "人员", "Name"), required=True, max_length=100, width=10),
    Column("score", "成绩", ("测试成绩", "得分", "Score"), width=8),
)  # fmt: skip


@dataclass(slots=True)
class AttendanceRecord:
    sheet: str
    row: int
    unit: str
    held_on: datetime.date
    kind: str
    topic: str
    audience: str
    person: str
    score: Decimal | None


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip().replace("年", "-").replace("月", "-").rstrip("日")
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _score(row: Row) -> tuple[Decimal | None, bool]:
    raw = row.text("score")
    if not raw:
        return None, True
    try:
        score = Decimal(raw)
    except InvalidOperation:
        return None, False
    return score, Decimal(0) <= score <= Decimal(100)


@register
class AttendanceSheet(SheetType):
    key = "programme_attendance"
    label = "廉政教育参加情况台账"  # the ledger's own title, like the register's
    columns = COLUMNS

    def parse(self, row: Row) -> AttendanceRecord | None:
        held_on = parse_date(row.value("held_on"))
        if held_on is None:
            row.error("held_on", _("Write the date as 2026-03-14."))
        score, score_ok = _score(row)
        if not score_ok:
            row.error("score", _("The score must be a number from 0 to 100."))
        if held_on is None or not score_ok:
            return None
        return AttendanceRecord(
            row.sheet,
            row.number,
            row.text("unit"),
            held_on,
            row.text("kind"),
            row.text("topic"),
            row.text("audience"),
            row.text("person"),
            score,
        )

    def plan(self, records: list, context: Context) -> Plan:
        return _AttendancePlanner(records, context).plan()

    def write(self, plan: Plan, context: Context) -> list[Change]:
        return _write(plan, context)


class _AttendancePlanner:
    """Matches rows to units the importer keeps, kinds, people and existing activities,
    in a fixed number of queries."""

    def __init__(self, records, context: Context) -> None:
        self.records, self.context = records, context
        units = list(kept_units(context.by)) if context.by else []
        self.units = {key(u.name): u for u in units} | {key(u.code): u for u in units}
        self.kinds = {key(k.name): k for k in EducationKind.objects.filter(is_active=True)}
        people = defaultdict(list)
        for person in Person.objects.filter(unit__in=units, is_active=True).select_related("unit"):
            people[key(person.name)].append(person)
        self.people = people

    def _error(self, record, column: str, message: str) -> None:
        self.context.problems.error(record.sheet, record.row, column, message)

    def _match(self, record):
        unit = self.units.get(key(record.unit))
        kind = self.kinds.get(key(record.kind))
        if unit is None:
            self._error(
                record,
                "单位",
                _("“%(unit)s” is not a unit whose records you keep.") % {"unit": record.unit},
            )
        if kind is None:
            self._error(
                record, "形式", _("“%(kind)s” is not a kind of education.") % {"kind": record.kind}
            )
        if unit is None or kind is None:
            return None
        found = [p for p in self.people[key(record.person)] if p.unit.path.startswith(unit.path)]
        if len(found) != 1:
            message = (
                _("Nobody called %(name)s in %(unit)s.")
                if not found
                else _("More than one %(name)s in %(unit)s.")
            )
            self._error(record, "姓名", message % {"name": record.person, "unit": unit})
            return None
        return unit, kind, found[0]

    def plan(self) -> Plan:
        matched = [(r, m) for r in self.records if (m := self._match(r))]
        existing = {
            (a.unit_id, a.held_on, a.kind_id, a.topic): a
            for a in EducationActivity.objects.filter(
                unit__in={u for _r, (u, _k, _p) in matched},
                held_on__in={r.held_on for r, _m in matched},
            )
        }
        attended = {
            (a.activity_id, a.person_id): a
            for a in Attendance.objects.filter(activity__in=list(existing.values()))
        }
        plan, seen = Plan(), set()
        payload = {"activities": {}, "create": [], "update": []}
        for record, (unit, kind, person) in matched:
            group = (unit.pk, record.held_on, kind.pk, record.topic)
            if group in seen and (group, person.pk) in payload["activities"]:
                self._error(
                    record,
                    "姓名",
                    _("%(name)s is listed twice for this activity.") % {"name": person.name},
                )
                continue
            seen.add(group)
            payload["activities"][(group, person.pk)] = True
            activity = existing.get(group)
            label = f"{record.held_on:%Y-%m-%d} {record.topic} · {person.name}"
            planned = Planned(record.sheet, record.row, label)
            row = attended.get((activity.pk, person.pk)) if activity else None
            if row is None:
                payload["create"].append((group, unit, kind, record, person))
                plan.created.append(planned)
            elif row.score != record.score:
                row.score = record.score
                payload["update"].append(row)
                planned.changed = [str(_("Score"))]
                plan.updated.append(planned)
            else:
                plan.unchanged.append(planned)
        payload["existing"] = existing
        plan.payload = payload
        return plan


def _write(plan: Plan, context: Context) -> list[Change]:
    payload, by = plan.payload, context.by
    activities = dict(payload["existing"])
    new = {}
    for group, unit, kind, record, _person in payload["create"]:
        if group not in activities and group not in new:
            new[group] = EducationActivity(
                unit=unit,
                kind=kind,
                held_on=record.held_on,
                topic=record.topic,
                audience=record.audience,
                recorded_by=by,
            )
    created = bulk_create_with_history(list(new.values()), EducationActivity, default_user=by)
    activities.update(zip(new.keys(), created, strict=True))
    rows = [
        Attendance(activity=activities[group], person=person, score=record.score)
        for group, _u, _k, record, person in payload["create"]
    ]
    rows = bulk_create_with_history(rows, Attendance, default_user=by)
    bulk_update_with_history(
        payload["update"],
        Attendance,
        ["score"],
        default_user=by,
        default_change_reason=context.change_reason,
    )
    changes = [
        Change("created", r.sheet, r.row, row, f"{r.held_on:%Y-%m-%d} {r.topic} · {p.name}")
        for (_g, _u, _k, r, p), row in zip(payload["create"], rows, strict=True)
    ]
    return changes


def export_rows(unit, year: int) -> list[list]:
    """The unit's attendance for the year in the ledger's columns (re-importable)."""
    rows = (
        Attendance.objects.filter(activity__unit=unit, activity__held_on__year=year)
        .select_related("activity__kind", "person")
        .order_by("activity__held_on", "activity__topic", "person__name")
    )
    return [
        [
            unit.name,
            a.activity.held_on,
            a.activity.kind.name,
            a.activity.topic,
            a.activity.audience,
            a.person.name,
            a.score,
        ]
        for a in rows
    ]
