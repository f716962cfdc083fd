"""Plan and write an organisation sheet (see ``registry.ledger.organisation``).

``plan_organisation`` loads the units, departments, posts and people the rows
name in a fixed number of queries and decides, row by row, what is created,
updated or unchanged; ``write_organisation`` applies a clean plan with history.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from registry.ledger.sheets import Change, Context, Plan, Planned
from registry.models import Department, Person, Post, Unit
from registry.roles import MANAGE
from registry.scoping import scope_for

ORDER = ("unit", "department", "post", "person")
# Fields a row may change on an existing object: model field → column key.
UPDATABLE = {
    "unit": {"name": "unit_name", "kind": "unit_kind"},
    "department": {},
    "post": {"is_key_post": "key_post"},
    "person": {"title": "title"},
}


@dataclass
class Op:
    """One row's outcome: ``target`` is the existing object, None when created."""

    record: object
    target: object | None
    fields: dict = field(default_factory=dict)  # model field → new value


class _Planner:
    def __init__(self, records: list, context: Context) -> None:
        self.context, self.problems = context, context.problems
        self.scope = scope_for(context.by) if context.by is not None else None
        codes = {r.unit_code for r in records} | {r.values.get("parent_code") for r in records}
        self.units = Unit.objects.select_related("parent").in_bulk(
            codes - {None, ""}, field_name="code"
        )
        ids = [u.pk for u in self.units.values()]
        self.departments = {
            (d.unit_id, d.name): d for d in Department.objects.filter(unit_id__in=ids)
        }
        posts = Post.objects.filter(unit_id__in=ids).select_related("department")
        self.posts = {
            (p.unit_id, p.department.name if p.department else "", p.name): p for p in posts
        }
        self.people: dict = {}
        for person in Person.objects.filter(unit_id__in=ids).select_related("department"):
            self.people.setdefault((person.unit_id, person.name), []).append(person)
        self.new_units: dict[str, dict] = {}
        self.new_keys: set = set()  # (kind, unit code, names…) created by earlier rows
        self.ops: list[Op] = []

    def error(self, record, column: str, message: str) -> None:
        self.problems.error(record.sheet, record.row, record.column(column), message)

    def unit_of(self, record, column: str = "unit_code") -> Unit | str | None:
        """The unit a row's ``column`` names: an existing one the user administers, the
        code of one created by an earlier row, or None after reporting why."""
        code = record.unit_code if column == "unit_code" else record.values.get(column)
        unit = self.units.get(code)
        if unit is not None:
            if self.scope is not None and not self.scope.covers_unit(unit, MANAGE):
                self.error(record, column, _("you do not administer %(unit)s") % {"unit": unit})
                return None
            return unit
        if code in self.new_units:
            return code
        self.error(record, column, _("no unit has the code %(code)s") % {"code": code})
        return None

    def plan_unit(self, record) -> None:
        values = record.values
        if record.unit_code in self.new_units or ("unit", record.unit_code) in self.new_keys:
            self.error(record, "unit_code", _("this unit is already in an earlier row"))
            return
        self.new_keys.add(("unit", record.unit_code))
        if record.unit_code in self.units:
            unit = self.unit_of(record)
            parent = values.get("parent_code")
            if unit and parent and (unit.parent is None or unit.parent.code != parent):
                self.error(
                    record, "parent_code", _("an import does not move units: move it on its page")
                )
            elif unit:
                self.compare("unit", record, unit)
            return
        for column in ("unit_name", "unit_kind", "parent_code"):
            if not values.get(column):
                self.error(
                    record,
                    column,
                    _("needed to create the unit %(code)s") % {"code": record.unit_code},
                )
        parent = values.get("parent_code")
        if not parent:
            return
        if self.unit_of(record, "parent_code") is None:
            return
        if values.get("unit_name") and values.get("unit_kind"):
            self.new_units[record.unit_code] = values
            self.ops.append(Op(record, None))

    def compare(self, kind: str, record, target) -> None:
        changes = {}
        for model_field, column in UPDATABLE[kind].items():
            value = record.values.get(column)
            if value is not None and value != "" and getattr(target, model_field) != value:
                changes[model_field] = value
        self.ops.append(Op(record, target, changes))

    def plan_member(self, record) -> None:
        unit = self.unit_of(record)
        if unit is None:
            return
        unit_id = unit.pk if isinstance(unit, Unit) else None
        values = record.values
        department = values.get("department", "")
        if (
            record.kind != "department"
            and department
            and not self.has_department(unit_id, record, department)
        ):
            self.error(
                record,
                "department",
                _("no department “%(name)s” in this unit") % {"name": department},
            )
            return
        name = {
            "department": department,
            "post": values.get("post"),
            "person": values.get("person"),
        }[record.kind]
        new_key = (record.kind, record.unit_code, department, name)
        if new_key in self.new_keys:
            self.error(
                record, record.kind, _("“%(name)s” is already in an earlier row") % {"name": name}
            )
            return
        self.new_keys.add(new_key)
        existing = self.existing(record.kind, unit_id, department, name)
        if isinstance(existing, list):
            self.error(record, "person", _("%(count)s people of this unit are called “%(name)s”: edit them in the app")
                       % {"count": len(existing), "name": name})  # fmt: skip
        elif existing is None:
            self.ops.append(Op(record, None))
        else:
            self.compare(record.kind, record, existing)

    def has_department(self, unit_id, record, name: str) -> bool:
        return (unit_id, name) in self.departments or (
            "department",
            record.unit_code,
            name,
            name,
        ) in self.new_keys

    def existing(self, kind: str, unit_id, department: str, name: str):
        if unit_id is None:
            return None
        if kind == "department":
            return self.departments.get((unit_id, name))
        if kind == "post":
            return self.posts.get((unit_id, department, name))
        people = self.people.get((unit_id, name), [])
        return people[0] if len(people) == 1 else (people or None)


def plan_organisation(records: list, context: Context) -> Plan:
    planner = _Planner(records, context)
    for kind in ORDER:
        for record in (r for r in records if r.kind == kind):
            planner.plan_unit(record) if kind == "unit" else planner.plan_member(record)
    plan = Plan(payload=planner.ops)
    for op in planner.ops:
        row = Planned(op.record.sheet, op.record.row, _label(op.record), list(op.fields))
        if op.target is None:
            plan.created.append(row)
        else:
            (plan.updated if op.fields else plan.unchanged).append(row)
    return plan


def _label(record) -> str:
    values = record.values
    parts = [values.get("unit_name") or record.unit_code]
    parts += [values.get(k) for k in ("department", "post", "person") if values.get(k)]
    return " / ".join(parts)


def write_organisation(plan: Plan, context: Context) -> list[Change]:
    """Units first (a child's parent may be new), then departments, posts, people."""
    ops = plan.payload
    codes = {op.record.unit_code for op in ops} | {
        op.record.values.get("parent_code") for op in ops
    }
    units = Unit.objects.in_bulk(codes - {None, ""}, field_name="code")
    changes = []
    for op in ops:
        obj = op.target or _new(op.record, units)
        for name, value in op.fields.items():
            setattr(obj, name, value)
        if op.target is None or op.fields:
            obj._history_user, obj._change_reason = context.by, context.change_reason
            obj.full_clean()
            obj.save()
            action = "created" if op.target is None else "updated"
            changes.append(Change(action, op.record.sheet, op.record.row, obj, _label(op.record)))
        if isinstance(obj, Unit):
            units[obj.code] = obj
    return changes


def _new(record, units: dict):
    values = record.values
    if record.kind == "unit":
        return Unit(
            code=record.unit_code, name=values["unit_name"], kind=values["unit_kind"],
            parent=units[values["parent_code"]],
        )  # fmt: skip
    unit = units[record.unit_code]
    department = None
    if values.get("department") and record.kind != "department":
        department = _department(unit, values["department"])
    if record.kind == "department":
        return Department(unit=unit, name=values["department"])
    if record.kind == "post":
        return Post(unit=unit, department=department, name=values["post"],
                    is_key_post=bool(values.get("key_post")))  # fmt: skip
    return Person(unit=unit, department=department, name=values["person"],
                  title=values.get("title", ""))  # fmt: skip


def _department(unit: Unit, name: str) -> Department:
    """The unit's department by name, looked up once per write (cached on the unit)."""
    cache = unit.__dict__.setdefault("_departments_by_name", {})
    if name not in cache:
        cache.update({d.name: d for d in Department.objects.filter(unit=unit)})
    return cache[name]
