"""Matching a power-list file to the database in bulk, and deciding create / update / unchanged.

A fixed number of queries whatever the size of the file: units, categories,
then departments, posts, powers, undertaking posts, steps and the risk marks on
steps of the units the file names, each loaded once into dictionaries.

One power is one line of the preview, whether the file names it on the power
sheet, on the step sheet, or both: its steps are part of it.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from powers.access import can_write_powers
from powers.choices import PostRole
from powers.ledger import COLUMNS, PowerRecord, StepRecord
from powers.models import FlowStep, PowerCategory, PowerItem, PowerPost, StepRisk
from registry.ledger.risk_points import LEADERSHIP_WORDS
from registry.ledger.sheets import Context, Plan, Planned
from registry.ledger.text import key
from registry.models import Department, Post, Unit
from registry.scoping import visible_units

LABELS = {column.key: column.label for column in COLUMNS}
POSTS, STEPS = "posts", "steps"  # non-field changes of a power
_PREAMBLE_UNIT = re.compile(r"(?:填报单位|单位名称|单位)\s*[:：]\s*(\S+)")


@dataclass(slots=True)
class StepTarget:
    record: StepRecord
    values: dict  # FlowStep attribute values from the file (``post_id``, not ``post``)
    existing: FlowStep | None = None
    changed: bool = False


@dataclass(slots=True)
class PowerTarget:
    """What the file makes of one power: its fields, undertaking posts and steps."""

    unit: Unit
    code: str
    sheet: str  # where the preview points: the power's row, else its first step
    row: int
    record: PowerRecord | None = None
    values: dict = field(default_factory=dict)  # PowerItem attribute values from the file
    post_ids: set[int] | None = None  # None: the file does not name its posts
    steps: list[StepTarget] | None = None  # None: the file has no steps for it
    existing: PowerItem | None = None
    ok: bool = True
    changed: list[str] = field(default_factory=list)
    removed_steps: list[FlowStep] = field(default_factory=list)

    def department_id(self) -> int | None:
        if "department_id" in self.values:
            return self.values["department_id"]
        return self.existing.department_id if self.existing else None


@dataclass
class Payload:
    created: list[PowerTarget]
    updated: list[PowerTarget]
    undertakers: dict[int, list[PowerPost]]  # power id → its current undertaking assignments


def _fail(record, column: str, message: str, context: Context) -> None:
    header = record.headers.get(column, LABELS.get(column, column))
    context.problems.error(record.sheet, record.row, header, message)


class Lookups:
    """Everything rows are matched against, loaded once."""

    def __init__(self, context: Context) -> None:
        self.context, self.by = context, context.by
        units = visible_units(self.by) if self.by is not None else Unit.objects.all()
        self.units_by_code, self.units_by_name = {}, defaultdict(list)
        for unit in units.only("id", "code", "name", "path"):
            self.units_by_code[key(unit.code)] = unit
            self.units_by_name[key(unit.name)].append(unit)
        self.categories = {}
        for category in PowerCategory.objects.filter(is_active=True):
            for name in re.split(r"[,，、]", ",".join(category.names())):
                if name.strip():
                    self.categories.setdefault(key(name), category)
        self._writable: dict[int, bool] = {}

    def may_write(self, unit: Unit) -> bool:
        if self.by is None:
            return True
        if unit.pk not in self._writable:
            self._writable[unit.pk] = can_write_powers(self.by, unit)
        return self._writable[unit.pk]

    def load(self, unit_ids: set[int]) -> None:
        departments = Department.objects.filter(unit_id__in=unit_ids)
        self.departments = {(d.unit_id, key(d.name)): d for d in departments}
        self.posts = defaultdict(list)
        for post in Post.objects.filter(unit_id__in=unit_ids).select_related("department"):
            self.posts[(post.unit_id, key(post.name))].append(post)
        powers = PowerItem.objects.filter(unit_id__in=unit_ids)
        self.powers = {(p.unit_id, key(p.code)): p for p in powers}
        self.undertakers = defaultdict(list)
        assignments = PowerPost.objects.filter(power__unit_id__in=unit_ids, role=PostRole.UNDERTAKE)
        for assignment in assignments:
            self.undertakers[assignment.power_id].append(assignment)
        self.steps = defaultdict(dict)
        for step in FlowStep.objects.filter(power__unit_id__in=unit_ids):
            self.steps[step.power_id][step.order] = step
        marked = StepRisk.objects.filter(step__power__unit_id__in=unit_ids)
        self.marked_steps = set(marked.values_list("step_id", flat=True))


def plan_power_list(records: list, context: Context) -> Plan:
    lookups = Lookups(context)
    units = _units(records, lookups)
    lookups.load({unit.pk for unit in units.values() if unit is not None})
    context.progress(0.6, _("Comparing with the register"))
    targets: dict[tuple, PowerTarget] = {}
    for record in records:
        if isinstance(record, PowerRecord) and units[id(record)]:
            _add_power(record, units[id(record)], targets, lookups)
    for record in records:
        if isinstance(record, StepRecord) and units[id(record)]:
            _add_step(record, units[id(record)], targets, lookups)
    plan, payload = Plan(), Payload([], [], lookups.undertakers)
    for target in targets.values():
        if target.ok:
            _classify(target, lookups, plan, payload)
    plan.payload = payload
    return plan


def _units(records: list, lookups: Lookups) -> dict[int, Unit | None]:
    """Each row's unit: its 单位 cell, else 填报单位 above the header, else the file's only unit."""
    preamble = {
        sheet: found.group(1)
        for sheet, text in lookups.context.preamble.items()
        if (found := _PREAMBLE_UNIT.search(text))
    }
    named = {key(r.unit): r.unit for r in records if r.unit} | {
        key(name): name for name in preamble.values()
    }
    only = next(iter(named.values())) if len(named) == 1 else ""
    units, resolved = {}, {}
    for record in records:
        name = record.unit or preamble.get(record.sheet) or only
        if key(name) not in resolved:
            resolved[key(name)] = _find_unit(name, lookups)
        unit, message = resolved[key(name)]
        if unit is not None and not lookups.may_write(unit):
            unit = None
            message = _("you may not change the power list of %(unit)s") % {"unit": name}
        if message:
            _fail(record, "unit", message, lookups.context)
        units[id(record)] = unit
    return units


def _find_unit(name: str, lookups: Lookups) -> tuple[Unit | None, str]:
    if not name:
        return None, _("no unit: add a 单位 column, or a line “填报单位：…” above the header")
    unit = lookups.units_by_code.get(key(name))
    candidates = [unit] if unit else lookups.units_by_name.get(key(name), [])
    if not candidates:
        return None, _("there is no unit “%(name)s”") % {"name": name}
    if len(candidates) > 1:
        codes = "、".join(u.code for u in candidates)
        message = _("several units are named “%(name)s”: write the unit code instead (%(codes)s)")
        return None, message % {"name": name, "codes": codes}
    return candidates[0], ""


def _add_power(record: PowerRecord, unit: Unit, targets: dict, lookups: Lookups) -> None:
    identity = (unit.pk, key(record.code))
    if identity in targets:
        message = _("the same item code as row %(row)s") % {"row": targets[identity].row}
        _fail(record, "code", message, lookups.context)
        return
    target = PowerTarget(
        unit, record.code, record.sheet, record.row, record, existing=lookups.powers.get(identity)
    )
    targets[identity] = target
    target.ok = _resolve_power(target, record, lookups)


def _resolve_power(target: PowerTarget, record: PowerRecord, lookups: Lookups) -> bool:
    """Names in the row become objects of the unit; False (and errors) when one is unknown."""
    context, values, ok = lookups.context, dict(record.values), True
    for column in ("name", "category"):
        if column in values and not values[column]:
            _fail(record, column, _("must not be empty"), context)
            ok = False
        elif column not in values and target.existing is None:
            message = _("a new power needs a %(column)s column") % {"column": LABELS[column]}
            _fail(record, column, message, context)
            ok = False
    if values.get("category"):
        category = lookups.categories.get(key(values["category"]))
        if category is None:
            known = "、".join(sorted({c.name for c in lookups.categories.values()}))
            message = _("“%(value)s” is not a known power category (%(known)s)")
            _fail(record, "category", message % {"value": values["category"], "known": known}, context)  # fmt: skip
            ok = False
        values["category_id"] = category.pk if category else None
    values.pop("category", None)
    if "department" in values:
        department = _department(record, values.pop("department"), target.unit, lookups)
        ok = ok and department is not False
        values["department_id"] = department.pk if department else None
    target.values = values
    if record.posts is not None:
        posts = [_post(record, "posts", name, target, lookups) for name in record.posts]
        ok = ok and None not in posts
        target.post_ids = {post.pk for post in posts if post}
    return ok


def _department(record, name: str, unit: Unit, lookups: Lookups) -> Department | None | bool:
    """The unit's department of that name, None for none or the leadership, False if unknown."""
    if not key(name) or key(name) in LEADERSHIP_WORDS:
        return None
    found = lookups.departments.get((unit.pk, key(name)))
    if found is None:
        message = _("the department “%(name)s” does not exist in %(unit)s")
        _fail(record, "department", message % {"name": name, "unit": unit.name}, lookups.context)
        return False
    return found


def _post(record, column: str, name: str, target: PowerTarget, lookups: Lookups) -> Post | None:
    """The unit's post of that name; among namesakes, the one in the power's department."""
    unit = target.unit
    candidates = lookups.posts.get((unit.pk, key(name)), [])
    if len(candidates) > 1:
        candidates = [p for p in candidates if p.department_id == target.department_id()]
    if len(candidates) == 1:
        return candidates[0]
    if candidates or lookups.posts.get((unit.pk, key(name))):
        places = "、".join(
            p.department.name if p.department else unit.name
            for p in lookups.posts[(unit.pk, key(name))]
        )
        message = _(
            "several posts of %(unit)s are named “%(name)s” (in %(places)s): set the power's department"
        )
        values = {"unit": unit.name, "name": name, "places": places}
    else:
        message = _("the post “%(name)s” does not exist in %(unit)s")
        values = {"name": name, "unit": unit.name}
    _fail(record, column, message % values, lookups.context)
    return None


def _add_step(record: StepRecord, unit: Unit, targets: dict, lookups: Lookups) -> None:
    identity = (unit.pk, key(record.code))
    target = targets.get(identity)
    if target is None:
        existing = lookups.powers.get(identity)
        if existing is None:
            message = _("there is no power with the item code %(code)s in %(unit)s")
            _fail(record, "code", message % {"code": record.code, "unit": unit.name}, lookups.context)  # fmt: skip
            return
        target = PowerTarget(unit, existing.code, record.sheet, record.row, existing=existing)
        targets[identity] = target
    if target.steps is None:
        target.steps = []
    earlier = next((s.record for s in target.steps if s.record.order == record.order), None)
    if earlier is not None:
        message = _("step %(order)s of %(code)s is already on row %(row)s")
        values = {"order": record.order, "code": record.code, "row": earlier.row}
        _fail(record, "step_order", message % values, lookups.context)
        target.ok = False
        return
    values = dict(record.values)
    if "post" in values:
        name = values.pop("post")
        post = _post(record, "step_post", name, target, lookups) if key(name) else None
        if key(name) and post is None:
            target.ok = False
        values["post_id"] = post.pk if post else None
    target.steps.append(StepTarget(record, values))


def _classify(target: PowerTarget, lookups: Lookups, plan: Plan, payload: Payload) -> None:
    name = target.values.get("name") or (target.existing.name if target.existing else "")
    planned = Planned(target.sheet, target.row, f"{target.unit.name} · {target.code} {name}")
    if target.existing is None:
        payload.created.append(target)
        plan.created.append(planned)
        return
    existing = target.existing
    target.changed = [f for f, value in target.values.items() if getattr(existing, f) != value]
    current = {a.post_id for a in lookups.undertakers.get(existing.pk, [])}
    if target.post_ids is not None and target.post_ids != current:
        target.changed.append(POSTS)
    if target.steps is not None and _steps_change(target, lookups, plan):
        target.changed.append(STEPS)
    if not target.changed:
        plan.unchanged.append(planned)
        return
    planned.changed = [_label(name) for name in target.changed]
    payload.updated.append(target)
    plan.updated.append(planned)


def _steps_change(target: PowerTarget, lookups: Lookups, plan: Plan) -> bool:
    """Steps are matched by number; a stored step the file does not list is removed."""
    stored = lookups.steps.get(target.existing.pk, {})
    for step in target.steps:
        step.existing = stored.get(step.record.order)
        step.changed = step.existing is None or any(
            getattr(step.existing, f) != value for f, value in step.values.items()
        )
    listed = {step.record.order for step in target.steps}
    target.removed_steps = [s for order, s in sorted(stored.items()) if order not in listed]
    for step in target.removed_steps:
        if step.pk in lookups.marked_steps:
            message = _("Step %(order)s (%(step)s) of %(power)s is not in the file: it will be removed with the risk points marked on it")  # fmt: skip
        else:
            message = _("Step %(order)s (%(step)s) of %(power)s is not in the file: it will be removed")  # fmt: skip
        plan.notes.append(message % {"order": step.order, "step": step.name, "power": target.code})
    return bool(target.removed_steps) or any(step.changed for step in target.steps)


def _label(name: str) -> str:
    if name == POSTS:
        return _("undertaking posts")
    if name == STEPS:
        return str(FlowStep._meta.verbose_name_plural)
    return str(PowerItem._meta.get_field(name.removesuffix("_id")).verbose_name)
