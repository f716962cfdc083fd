"""Matching ledger rows to the register in bulk, and deciding create / update / unchanged.

A fixed number of queries whatever the number of rows: units, categories,
departments, posts, people, existing points and their measures, each loaded
once into dictionaries keyed by normalised names. Keys are read as ``.id``, not
``.pk`` (a property call): this runs a dozen times per row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.translation import gettext as _

from registry.choices import DiscoveryMethod, RiskPointStatus, RiskScope
from registry.ledger.risk_points import LEADERSHIP_WORDS, RiskRecord
from registry.ledger.sheets import Context, Plan, Planned
from registry.ledger.text import key, parse_year
from registry.levels import graded_levels
from registry.models import Department, Measure, Person, Post, RiskCategory, RiskPoint, Unit
from registry.roles import FILL, MANAGE
from registry.scoping import scope_for, visible_units

# Fields an import sets, in the order the preview lists changes.
FIELDS = (
    "code", "scope", "department_id", "post_id", "name", "manifestation", "category_id",
    "level", "discovery_method", "responsible_person_id", "supervisor_id", "time_limit",
    "year", "remarks",
)  # fmt: skip
FROZEN = {RiskPointStatus.ON_NOTICE, RiskPointStatus.ACTIVE, RiskPointStatus.RETIRED}


@dataclass(slots=True)
class Target:
    """What one row will make of its point: field values, measures, and the point it matches."""

    record: RiskRecord
    unit: Unit
    department: Department | None
    post: Post | None
    values: dict
    measures: list[str]
    existing: RiskPoint | None = None
    old_measures: list = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    new_place: bool = False  # its department or post is made by this import


@dataclass
class Payload:
    new_departments: list[Department]
    new_posts: list[Post]
    created: list[Target]
    updated: list[Target]


class Lookups:
    """Everything rows are matched against, loaded once."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.scope = scope_for(context.by) if context.by is not None else None
        units = visible_units(context.by) if context.by is not None else Unit.objects.all()
        self.units_by_code, self.units_by_name = {}, defaultdict(list)
        self.units_by_id = {}
        for unit in units.only("id", "code", "name", "path", "parent_id"):
            self.units_by_code[key(unit.code)] = unit
            self.units_by_name[key(unit.name)].append(unit)
            self.units_by_id[unit.id] = unit
        self.categories = {}
        for category in RiskCategory.objects.filter(is_active=True):
            for name in [
                category.name,
                *category.synonyms.replace("，", ",").replace("、", ",").split(","),
            ]:
                if name.strip():
                    self.categories.setdefault(key(name), category)
        self.year = self._default_year(context)
        self._upwards: dict[int, tuple[int, ...]] = {}

    def load_organisation(self, unit_ids: set[int]) -> None:
        departments = Department.objects.filter(unit_id__in=unit_ids)
        self.departments = {(d.unit_id, key(d.name)): d for d in departments}
        posts = Post.objects.filter(unit_id__in=unit_ids)
        self.posts = {(p.unit_id, p.department_id, key(p.name)): p for p in posts}
        ancestor_ids = {
            int(part)
            for pk in unit_ids
            for part in self.units_by_id[pk].path.strip("/").split("/")
            if part
        }
        self.people = defaultdict(list)
        for person in Person.objects.filter(unit_id__in=ancestor_ids | unit_ids, is_active=True):
            self.people[(person.unit_id, key(person.name))].append(person)

    def load_points(self, unit_ids: set[int]) -> None:
        points = RiskPoint.objects.filter(unit_id__in=unit_ids, revision_of__isnull=True)
        self.by_code, self.by_natural = {}, {}
        self.points = {}
        for point in points:
            self.points[point.id] = point
            if point.code:
                self.by_code[(point.unit_id, key(point.code))] = point
            natural = (point.unit_id, point.department_id, point.post_id, key(point.name))
            self.by_natural.setdefault(natural, point)
        self.measures = defaultdict(list)
        rows = Measure.objects.filter(risk_point_id__in=self.points).order_by("sort_order", "id")
        for measure in rows:
            self.measures[measure.risk_point_id].append(measure)

    def units_named(self, text: str) -> list[Unit]:
        """The units a ledger's unit cell may mean: the one with that code, else those
        with that name (one is a match; several, a question for the writer)."""
        unit = self.units_by_code.get(key(text))
        return [unit] if unit else self.units_by_name.get(key(text), [])

    def upwards(self, unit: Unit) -> tuple[int, ...]:
        """The unit and the units above it, nearest first (computed once per unit)."""
        if unit.id not in self._upwards:
            above = [int(p) for p in reversed(unit.path.strip("/").split("/")[:-1]) if p]
            self._upwards[unit.id] = (unit.id, *above)
        return self._upwards[unit.id]

    def _default_year(self, context: Context) -> int:
        """The ledger's year: the import option, else "填报日期" above the header, else this year."""
        if context.options.get("year"):
            return int(context.options["year"])
        for text in context.preamble.values():
            for line in text.splitlines():
                if "日期" in line or "年度" in line:
                    if year := parse_year(line.split("日期")[-1]):
                        return year
        return datetime.date.today().year


def plan_risk_points(records: list[RiskRecord], context: Context) -> Plan:
    """All records at once: the plan the chunks of ``RiskPointPlanner`` make together."""
    return RiskPointPlanner(context, {r.unit for r in records}).plan(records)


class RiskPointPlanner:
    """Plans a ledger a chunk of records at a time, against the register as it was
    before the import: everything matched against is loaded once, up front, from the
    units the file names (``unit_texts``); later chunks never see what earlier ones wrote.
    A point met twice in the file is an error whichever chunks the two rows fall in."""

    def __init__(self, context: Context, unit_texts: set[str]) -> None:
        self.lookups = lookups = Lookups(context)
        named = (lookups.units_named(text) for text in unit_texts)
        unit_ids = {units[0].id for units in named if len(units) == 1}
        lookups.load_organisation(unit_ids)
        lookups.load_points(unit_ids)
        self.creations = _Creations(lookups)
        self.seen: dict = {}

    def plan(self, records: list[RiskRecord]) -> Plan:
        lookups, creations, context = self.lookups, self.creations, self.lookups.context
        plan, payload = Plan(), Payload([], [], [], [])
        for record in records:
            unit = _unit(record, lookups)
            if unit is None:
                continue
            target = _target(record, unit, lookups, creations)
            # A row with errors is checked as far as it goes, never planned.
            if target is None or record.failed or _duplicate(target, self.seen, creations, context):
                continue
            _classify(target, lookups, plan, payload, context)
        payload.new_departments, payload.new_posts, plan.notes = creations.take()
        plan.payload = payload
        return plan


def _fail(record: RiskRecord, column: str, message: str, context: Context) -> None:
    context.problems.error(record.sheet, record.row, record.headers.get(column, column), message)


def _warn(record: RiskRecord, column: str, message: str, context: Context) -> None:
    context.problems.warn(record.sheet, record.row, record.headers.get(column, column), message)


def _unit(record: RiskRecord, lookups: Lookups) -> Unit | None:
    context = lookups.context
    if not record.unit:
        return None  # reported as empty already
    candidates = lookups.units_named(record.unit)
    if not candidates:
        _fail(record, "unit", _("there is no unit “%(name)s”") % {"name": record.unit}, context)
        return None
    if len(candidates) > 1:
        message = _("several units are named “%(name)s”: write the unit code instead (%(codes)s)")
        codes = "、".join(u.code for u in candidates)
        _fail(record, "unit", message % {"name": record.unit, "codes": codes}, context)
        return None
    return candidates[0]


class _Creations:
    """Departments and posts a row names that do not exist yet, made once each."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.allowed = bool(lookups.context.options.get("create_missing"))
        self.departments: dict[tuple, Department] = {}
        self.posts: dict[tuple, Post] = {}
        self.notes: list[str] = []
        self.made: set[int] = set()  # id() of each department and post made here
        self.taken = (0, 0, 0)  # how many of each were handed to a chunk's plan

    def take(self) -> tuple[list[Department], list[Post], list[str]]:
        """The departments, posts and notes made since the last call (one chunk's)."""
        departments, posts = list(self.departments.values()), list(self.posts.values())
        d, p, n = self.taken
        self.taken = (len(departments), len(posts), len(self.notes))
        return departments[d:], posts[p:], self.notes[n:]

    def is_new(self, place: Department | Post | None) -> bool:
        """Made by this import (written by an earlier chunk or not yet)."""
        return place is not None and id(place) in self.made

    def place_key(self, place: Department | Post | None):
        """What tells a department or post apart, the same before and after it is written."""
        if place is None:
            return None
        return id(place) if id(place) in self.made else place.id

    def department(self, record: RiskRecord, unit: Unit) -> Department | None | bool:
        """The department (existing or to create), None for the leadership team, False on error."""
        name_key = key(record.department)
        if not name_key or name_key in LEADERSHIP_WORDS:
            return None
        found = self.lookups.departments.get((unit.id, name_key)) or self.departments.get(
            (unit.id, name_key)
        )
        if found:
            return found
        if not self._may_create(record, "department", unit, _("department")):
            return False
        self.departments[(unit.id, name_key)] = made = Department(
            unit_id=unit.id, name=record.department
        )
        self.made.add(id(made))
        self.notes.append(
            _("New department %(name)s in %(unit)s")
            % {"name": record.department, "unit": unit.name}
        )
        return self.departments[(unit.id, name_key)]

    def post(
        self, record: RiskRecord, unit: Unit, department: Department | None
    ) -> Post | None | bool:
        name_key = key(record.post)
        if not name_key:
            return None
        place = (unit.id, self.place_key(department), name_key)
        found = self.posts.get(place)
        if not self.is_new(department):
            department_id = department.id if department else None
            found = found or self.lookups.posts.get((unit.id, department_id, name_key))
        if found:
            return found
        if not self._may_create(record, "post", unit, _("post")):
            return False
        self.posts[place] = made = Post(unit_id=unit.id, department=department, name=record.post)
        self.made.add(id(made))
        where = f"{unit.name} {department.name}" if department else unit.name
        self.notes.append(
            _("New post %(name)s in %(place)s") % {"name": record.post, "place": where}
        )
        return self.posts[place]

    def _may_create(self, record: RiskRecord, column: str, unit: Unit, what: str) -> bool:
        context, scope = self.lookups.context, self.lookups.scope
        name = getattr(record, column)
        if not self.allowed:
            message = _(
                "the %(what)s “%(name)s” does not exist in %(unit)s (choose “create missing departments and posts” to create it)"
            )
            _fail(
                record, column, message % {"what": what, "name": name, "unit": unit.name}, context
            )
            return False
        if scope is not None and not scope.covers_unit(unit, MANAGE):
            message = _("you may not create a %(what)s in %(unit)s")
            _fail(record, column, message % {"what": what, "unit": unit.name}, context)
            return False
        return True


def _target(
    record: RiskRecord, unit: Unit, lookups: Lookups, creations: _Creations
) -> Target | None:
    context = lookups.context
    department = creations.department(record, unit)
    post = creations.post(record, unit, department or None) if department is not False else False
    category = lookups.categories.get(key(record.category))
    if category is None and record.category:
        known = "、".join(sorted({c.name for c in lookups.categories.values()}))
        message = _("“%(value)s” is not a known risk category (%(known)s)")
        _fail(record, "category", message % {"value": record.category, "known": known}, context)
    if department is False or post is False or category is None:
        return None
    scope = RiskScope.POST if post else RiskScope.DEPARTMENT if department else RiskScope.UNIT
    values = {
        "code": record.code, "scope": scope, "name": record.name,
        "department_id": department.id if department else None, "post_id": post.id if post else None,
        "manifestation": record.manifestation, "category_id": category.id, "level": record.level,
        "discovery_method": record.discovery, "time_limit": record.time_limit,
        "year": record.year, "remarks": record.remarks,
        "responsible_person_id": _person(record, "responsible", unit, department, lookups),
        "supervisor_id": _person(record, "supervisor", unit, department, lookups),
    }  # fmt: skip
    new_place = creations.is_new(department) or creations.is_new(post)
    return Target(record, unit, department, post, values, record.measures, new_place=new_place)


_KEEP = object()  # a person named in the ledger but not found: keep what the register has


def _person(record, column: str, unit: Unit, department, lookups: Lookups):
    name = getattr(record, column)
    if not name:
        return None
    # The responsible person works in the unit; a supervisor may sit above it.
    units = lookups.upwards(unit) if column == "supervisor" else (unit.id,)
    for unit_id in units:
        people = lookups.people.get((unit_id, key(name)), [])
        if people:
            same_department = [p for p in people if department and p.department_id == department.id]
            return (same_department or people)[0].id
    message = _("“%(name)s” is not among the people of %(unit)s: left as it was")
    _warn(record, column, message % {"name": name, "unit": unit.name}, lookups.context)
    return _KEEP


def _duplicate(target: Target, seen: dict, creations: _Creations, context: Context) -> bool:
    values = target.values
    place = (
        target.unit.id,
        creations.place_key(target.department),
        creations.place_key(target.post),
    )
    identity = (
        ("code", target.unit.id, key(values["code"]))
        if values["code"]
        else (*place, key(values["name"]))
    )
    if identity in seen:
        message = _("the same risk point as row %(row)s") % {"row": seen[identity]}
        _fail(target.record, "code" if values["code"] else "name", message, context)
        return True
    seen[identity] = target.record.row
    return False


def _match(target: Target, lookups: Lookups) -> RiskPoint | None:
    values = target.values
    if target.new_place:
        return None  # a new department or post has no points yet
    if values["code"]:
        found = lookups.by_code.get((target.unit.id, key(values["code"])))
        if found:
            return found
    natural = (target.unit.id, values["department_id"], values["post_id"], key(values["name"]))
    found = lookups.by_natural.get(natural)
    return found if found and not (values["code"] and found.code) else None


def _classify(
    target: Target, lookups: Lookups, plan: Plan, payload: Payload, context: Context
) -> None:
    existing = target.existing = _match(target, lookups)
    record, label = target.record, f"{target.unit.name} · {target.values['name']}"
    if not _allowed(target, existing, lookups):
        message = _("you may not write risk points of %(unit)s") % {"unit": target.unit.name}
        _fail(record, "unit", message, context)
        return
    if existing is None:
        _fill_defaults(target.values, lookups)
        payload.created.append(target)
        plan.created.append(Planned(record.sheet, record.row, label))
        return
    target.old_measures = lookups.measures.get(existing.id, [])
    target.changed = _changes(target, existing)
    if not target.changed:
        plan.unchanged.append(Planned(record.sheet, record.row, label))
    elif "level" in target.changed and existing.id in graded_levels([existing.id]):
        # A graded point's level follows its grading (see registry.levels).
        message = _("the level of “%(name)s” follows its grading: change it on the grading page")
        _fail(record, "level", message % {"name": existing.name}, context)
    elif existing.status in FROZEN:
        message = _("“%(name)s” is %(status)s: change it through a revision, not an import")
        _fail(
            record,
            "name",
            message % {"name": existing.name, "status": existing.get_status_display()},
            context,
        )
    else:
        payload.updated.append(target)
        names = [_field_label(name) for name in target.changed]
        plan.updated.append(Planned(record.sheet, record.row, label, names))


def _allowed(target: Target, existing: RiskPoint | None, lookups: Lookups) -> bool:
    scope = lookups.scope
    if scope is None:
        return True
    if target.new_place:
        return scope.covers_unit(target.unit, FILL)
    candidate = SimpleNamespace(
        unit=target.unit,
        department_id=target.values["department_id"],
        post_id=target.values["post_id"],
    )
    if existing is not None:
        before = SimpleNamespace(
            unit=lookups.units_by_id.get(existing.unit_id, target.unit),
            department_id=existing.department_id,
            post_id=existing.post_id,
        )
        if not scope.allows(FILL, before):
            return False
    return scope.allows(FILL, candidate)


def _fill_defaults(values: dict, lookups: Lookups) -> None:
    """A new point: blank cells and unknown people take the defaults."""
    values["year"] = values["year"] or lookups.year
    values["discovery_method"] = values["discovery_method"] or DiscoveryMethod.SELF
    for name in ("responsible_person_id", "supervisor_id"):
        if values[name] is _KEEP:
            values[name] = None


def _changes(target: Target, existing: RiskPoint) -> list[str]:
    """Fields that differ. A blank year, way of finding, code or unknown person keeps the old value."""
    values = target.values
    for name in ("year", "discovery_method", "code"):
        if not values[name]:
            values[name] = getattr(existing, name)
    if key(values["code"]) == key(existing.code):
        values["code"] = existing.code  # the same code, as the register writes it
    for name in ("responsible_person_id", "supervisor_id"):
        if values[name] is _KEEP:
            values[name] = getattr(existing, name)
    changed = [name for name in FIELDS if getattr(existing, name) != values[name]]
    if [m.text for m in target.old_measures] != target.measures:
        changed.append("measures")
    return changed


def _field_label(name: str) -> str:
    if name == "measures":
        return str(Measure._meta.verbose_name_plural)
    return str(RiskPoint._meta.get_field(name.removesuffix("_id")).verbose_name)
