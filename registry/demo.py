"""Demo data for ``manage.py seed_demo``: a district, its units, registers and logins.

The content lives in ``fixtures/demo/`` (one JSON file per unit under ``units/``
plus ``users.json``); this module only knows the shape of those files.

Every row is matched by its natural key and created only when missing, so a
second run writes nothing: no rows and no history records. Rows that already
exist are never updated, so whatever users changed in the demo stays as it is.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from registry.choices import RiskPointStatus, Role
from registry.documents.demo import seed_documents
from registry.models import (
    Department,
    Measure,
    Person,
    Post,
    PostTenure,
    RiskCategory,
    RiskList,
    RiskPoint,
    RoleAssignment,
    RoleProposal,
    Unit,
)
from registry.services import role_grant

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"

# What ``seed_demo`` counts, in the order the command reports it.
COUNTED = (
    "units",
    "departments",
    "posts",
    "people",
    "tenures",
    "risk_points",
    "measures",
    "risk_lists",
    "users",
    "person_links",
    "role_assignments",
)


class DemoDataError(Exception):
    """The fixture files are inconsistent: an unknown reference or an invalid value."""


def seed_demo(*, stdout=None, directory: Path | None = None) -> dict[str, int]:
    """Load the demo data, all or nothing; return how many rows of each kind were created."""
    units, users = read_fixtures(directory or FIXTURE_DIR)
    seeder = _Seeder(stdout)
    with transaction.atomic():
        seeder.run(units, users)
        counts = {name: seeder.created[name] for name in COUNTED}
        # h19docs: the commission's document issuer (before other apps issue notices).
        inspector = get_user_model().objects.filter(username="inspector").first()
        counts["documents"] = seed_documents(by=inspector)
        # Apps above the registry add their demo data through their AppConfig's
        # ``seed_demo(stdout=...)``, so this module never imports them.
        for config in django_apps.get_app_configs():
            if config.name != "registry" and callable(getattr(config, "seed_demo", None)):
                counts.update(config.seed_demo(stdout=stdout) or {})
    return counts


def read_fixtures(directory: Path) -> tuple[list[dict], dict]:
    """The unit files (parents before children) and the logins file."""
    paths = sorted((directory / "units").glob("*.json"))
    if not paths:
        raise DemoDataError(_("No unit files found in %(path)s.") % {"path": directory / "units"})
    units = [_read_json(path) for path in paths]
    return _parents_first(units), _read_json(directory / "users.json")


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoDataError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error


def _parents_first(units: list[dict]) -> list[dict]:
    by_code = {unit["code"]: unit for unit in units}

    def depth(unit: dict, seen: tuple = ()) -> int:
        if unit["code"] in seen:
            raise DemoDataError(_("Unit %(code)s is its own ancestor.") % {"code": unit["code"]})
        parent = by_code.get(unit.get("parent"))
        return 0 if parent is None else 1 + depth(parent, (*seen, unit["code"]))

    return sorted(units, key=lambda unit: (depth(unit), unit.get("sort_order", 0), unit["code"]))


def _validate(obj: models.Model) -> None:
    """Check values and model rules before writing.

    Relations, uniqueness and constraints are left to the database: checking
    them here would cost a query per field and row.
    """
    skipped = [f.name for f in obj._meta.concrete_fields if f.is_relation or not f.editable]
    try:
        obj.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DemoDataError(
            _("Invalid %(model)s “%(object)s”: %(errors)s")
            % {"model": obj._meta.verbose_name, "object": obj, "errors": "; ".join(error.messages)}
        ) from error


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise DemoDataError(_("Invalid date: %(value)s") % {"value": value}) from error


def _keyed(pairs: Iterable[tuple]) -> dict:
    """A dict from (key, row) pairs that refuses duplicate keys in the data."""
    rows: dict = {}
    for key, row in pairs:
        if key in rows:
            raise DemoDataError(_("Duplicate entry in the demo data: %(row)s") % {"row": row})
        rows[key] = row
    return rows


# When in its year a demo point was entered (month, day), picked by the point's id: most
# points are found in the spring (the finding phase), some later, as trends show.
ENTRY_DATES = [(3, 20), (4, 2), (4, 9), (3, 28), (5, 15), (7, 8), (8, 21), (10, 12), (11, 3)]


def spread_entry_dates(points: list) -> None:
    """Date the new demo points across their year's quarters, never after today."""
    now = timezone.now()
    for point in points:
        month, day = ENTRY_DATES[point.pk % len(ENTRY_DATES)]
        entered = now.replace(year=point.year, month=month, day=day, hour=10)
        point.created_at = min(entered, now)
    RiskPoint.objects.bulk_update(points, ["created_at"], batch_size=500)


class _Seeder:
    """One run of the seed: creates what is missing and counts it."""

    def __init__(self, stdout=None) -> None:
        self.stdout = stdout
        self.created: Counter = Counter()
        self.new_logins: dict[tuple[str, str], object] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def ensure(self, name: str, model, wanted: dict, fetch: Callable[[], dict]) -> dict:
        """Create the wanted rows whose key ``fetch`` does not return; return all rows by key."""
        existing = fetch()
        missing = [row for key, row in wanted.items() if key not in existing]
        if not missing:
            return existing
        for row in missing:
            _validate(row)
        bulk_create_with_history(missing, model)
        self.created[name] += len(missing)
        # Fetch again rather than trust the objects: not every backend returns new keys.
        return fetch()

    def run(self, unit_specs: list[dict], logins: dict) -> None:
        users = self.ensure_users(logins)
        units = self.units(unit_specs)
        self.specs = [(units[spec["code"]], spec) for spec in unit_specs]
        self.unit_ids = [unit.pk for unit, _spec in self.specs]
        self.departments = self.ensure_departments()
        self.posts = self.ensure_posts()
        self.people = self.ensure_people()
        self.ensure_tenures()
        self.risk_points = self.ensure_risk_points()
        if self.created["risk_points"]:
            spread_entry_dates(list(self.risk_points.values()))
        self.ensure_measures()
        self.ensure_risk_lists()
        for entry in logins.get("users", []):
            self.link_person(users[entry["username"]], entry.get("person"), units)
            for role in entry.get("roles", []):
                self.grant_role(users[entry["username"]], role, units)
        self.ensure_role_proposal(users, units)

    # Organisation ---------------------------------------------------------

    def units(self, specs: list[dict]) -> dict[str, Unit]:
        codes = {spec["code"] for spec in specs} | {spec.get("parent") for spec in specs} - {None}
        units = Unit.objects.in_bulk(codes, field_name="code")
        for spec in specs:
            if spec["code"] not in units:
                units[spec["code"]] = self.create_unit(spec, units)
        return units

    def create_unit(self, spec: dict, units: dict[str, Unit]) -> Unit:
        code = spec.get("parent")
        parent = units.get(code) if code else None
        if code and parent is None:
            raise DemoDataError(_("Unknown parent unit: %(code)s") % {"code": code})
        unit = Unit(
            parent=parent,
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            sort_order=spec.get("sort_order", 0),
            is_discipline_commission=spec.get("discipline_commission", False),
        )
        _validate(unit)
        # One by one, not in bulk: save() maintains the materialised path.
        unit.save()
        self.created["units"] += 1
        self.say(_("Created unit %(code)s %(name)s.") % {"code": unit.code, "name": unit.name})
        return unit

    def ensure_departments(self) -> dict:
        wanted = _keyed(
            ((unit.pk, d["name"]), Department(unit=unit, name=d["name"], sort_order=i * 10))
            for unit, spec in self.specs
            for i, d in enumerate(spec.get("departments", []), start=1)
        )

        def fetch() -> dict:
            rows = Department.objects.filter(unit_id__in=self.unit_ids)
            return {(d.unit_id, d.name): d for d in rows}

        return self.ensure("departments", Department, wanted, fetch)

    def ensure_posts(self) -> dict:
        wanted = _keyed(self.wanted_posts())

        def fetch() -> dict:
            # With departments: a post risk point takes its post's department.
            rows = Post.objects.filter(unit_id__in=self.unit_ids).select_related("department")
            return {(p.unit_id, p.department_id, p.name): p for p in rows}

        return self.ensure("posts", Post, wanted, fetch)

    def wanted_posts(self) -> Iterable[tuple]:
        for unit, spec in self.specs:
            for post in spec.get("leadership_posts", []):
                row = Post(
                    unit=unit,
                    name=post["name"],
                    duties=post.get("duties", ""),
                    is_key_post=post.get("key_post", False),
                )
                yield (unit.pk, None, post["name"]), row
            for dept in spec.get("departments", []):
                department = self.department(unit, dept["name"])
                for post in dept.get("posts", []):
                    row = Post(
                        unit=unit,
                        department=department,
                        name=post["name"],
                        duties=post.get("duties", ""),
                        is_key_post=post.get("key_post", False),
                    )
                    yield (unit.pk, department.pk, post["name"]), row

    def ensure_people(self) -> dict:
        wanted = _keyed(
            (
                (unit.pk, person["name"]),
                Person(
                    unit=unit,
                    department=self.department(unit, person.get("department")),
                    name=person["name"],
                    title=person.get("title", ""),
                    # Set at creation, so a new person has one history record, not two.
                    user=self.new_logins.get((unit.code, person["name"])),
                    is_active=person.get("is_active", True),
                ),
            )
            for unit, spec in self.specs
            for person in spec.get("people", [])
        )

        def fetch() -> dict:
            rows = Person.objects.filter(unit_id__in=self.unit_ids)
            return {(p.unit_id, p.name): p for p in rows}

        return self.ensure("people", Person, wanted, fetch)

    def ensure_tenures(self) -> None:
        wanted = _keyed(self.wanted_tenures())

        def fetch() -> dict:
            rows = PostTenure.objects.filter(person__unit_id__in=self.unit_ids)
            return {(t.person_id, t.post_id, t.start_date): t for t in rows}

        self.ensure("tenures", PostTenure, wanted, fetch)

    def wanted_tenures(self) -> Iterable[tuple]:
        for unit, spec in self.specs:
            for entry in spec.get("people", []):
                person = self.person(unit, entry["name"])
                for tenure in entry.get("tenures", []):
                    post = self.post(unit, tenure["post"])
                    start = _date(tenure["from"])
                    row = PostTenure(
                        person=person,
                        post=post,
                        start_date=start,
                        end_date=_date(tenure.get("until")),
                    )
                    yield (person.pk, post.pk, start), row

    # Register -------------------------------------------------------------

    def ensure_risk_points(self) -> dict:
        categories = {c.name: c for c in RiskCategory.objects.all()}
        wanted = _keyed(
            ((unit.pk, point["code"]), self.risk_point(unit, point, categories))
            for unit, spec in self.specs
            for point in spec.get("risk_points", [])
        )

        def fetch() -> dict:
            rows = RiskPoint.objects.filter(unit_id__in=self.unit_ids).exclude(code="")
            return {(p.unit_id, p.code): p for p in rows}

        return self.ensure("risk_points", RiskPoint, wanted, fetch)

    def risk_point(self, unit: Unit, point: dict, categories: dict) -> RiskPoint:
        if not point.get("code"):
            raise DemoDataError(_("A demo risk point has no code: %(name)s") % point)
        if point["category"] not in categories:
            raise DemoDataError(_("Unknown risk category: %(category)s") % point)
        post = self.post(unit, point["post"]) if point.get("post") else None
        # A post point's department is its post's; only department points name one.
        department = post.department if post else self.department(unit, point.get("department"))
        return RiskPoint(
            unit=unit,
            department=department,
            post=post,
            scope=point["scope"],
            code=point["code"],
            name=point["name"],
            manifestation=point.get("manifestation", ""),
            category=categories[point["category"]],
            level=point["level"],
            discovery_method=point.get("discovery_method", "self"),
            responsible_person=self.person(unit, point.get("responsible_person")),
            supervisor=self.person(unit, point.get("supervisor")),
            time_limit=point.get("time_limit", ""),
            status=point.get("status", "draft"),
            year=point["year"],
            remarks=point.get("remarks", ""),
        )

    def ensure_risk_lists(self) -> None:
        """Lists whose points are in effect went through public notice: when is recorded,
        so the list page links to its public notice as it does for real lists."""
        wanted = {}
        for point in self.risk_points.values():
            if point.status in (RiskPointStatus.ACTIVE, RiskPointStatus.ON_NOTICE):
                key = (point.unit_id, point.year)
                wanted.setdefault(key, _noticed_list(point.unit_id, point.year))

        def fetch() -> dict:
            rows = RiskList.objects.filter(unit_id__in=self.unit_ids)
            return {(r.unit_id, r.year): r for r in rows}

        self.ensure("risk_lists", RiskList, wanted, fetch)

    def ensure_measures(self) -> None:
        wanted = _keyed(self.wanted_measures())

        def fetch() -> dict:
            rows = Measure.objects.filter(risk_point__unit_id__in=self.unit_ids)
            return {(m.risk_point_id, m.sort_order): m for m in rows}

        self.ensure("measures", Measure, wanted, fetch)

    def wanted_measures(self) -> Iterable[tuple]:
        # Keyed by position: a measure's text may be edited in the app later.
        for unit, spec in self.specs:
            for point in spec.get("risk_points", []):
                risk_point = self.risk_points[(unit.pk, point["code"])]
                for order, measure in enumerate(point.get("measures", []), start=1):
                    yield (risk_point.pk, order), self.measure(unit, risk_point, measure, order)

    def measure(self, unit: Unit, risk_point: RiskPoint, measure: dict, order: int) -> Measure:
        return Measure(
            risk_point=risk_point,
            defence_line=measure["defence_line"],
            text=measure["text"],
            responsible_person=self.person(unit, measure.get("responsible_person")),
            due_date=_date(measure.get("due_date")),
            status=measure.get("status", "planned"),
            sort_order=order,
        )

    # Logins ---------------------------------------------------------------

    def ensure_users(self, spec: dict) -> dict:
        """The demo logins by username; existing ones are left alone (no password reset)."""
        entries = spec.get("users", [])
        users = get_user_model().objects.in_bulk(
            [e["username"] for e in entries], field_name="username"
        )
        # Only logins created now go onto new people directly: an existing one may
        # already be linked to a person, and a login has at most one.
        for entry in entries:
            if entry["username"] not in users:
                user = users[entry["username"]] = self.create_user(entry, spec["password"])
                if entry.get("person"):
                    ref = entry["person"]
                    self.new_logins[(ref["unit"], ref["name"])] = user
        return users

    def create_user(self, entry: dict, password: str):
        user = get_user_model()(
            username=entry["username"],
            first_name=entry.get("first_name", ""),
            last_name=entry.get("last_name", ""),
            email=entry.get("email", ""),
            is_staff=entry.get("is_staff", False),
            is_superuser=entry.get("is_superuser", False),
        )
        user.set_password(password)
        user.save()
        self.created["users"] += 1
        return user

    def link_person(self, user, ref: dict | None, units: dict[str, Unit]) -> None:
        """Link a person that existed before its login (rare: a login was deleted)."""
        if not ref:
            return
        person = self.person(self.unit(units, ref["unit"]), ref["name"])
        if person.user_id == user.pk:
            return
        # Never take a person from another login, nor give a login a second person.
        if person.user_id is not None or Person.objects.filter(user=user).exists():
            self.say(_("Left %(person)s unlinked: a login is already linked.") % {"person": person})
            return
        person.user = user
        person.save(update_fields=["user"])
        self.created["person_links"] += 1

    def grant_role(self, user, role: dict, units: dict[str, Unit]) -> None:
        unit = self.unit(units, role["unit"])
        if RoleAssignment.objects.filter(user=user, role=role["role"], unit=unit).exists():
            return
        departments = [self.department(unit, name) for name in role.get("departments", [])]
        role_grant(user=user, role=role["role"], unit=unit, departments=departments, by=None)
        self.created["role_assignments"] += 1

    def ensure_role_proposal(self, users: dict, units: dict[str, Unit]) -> None:
        """One role a directory group proposed, waiting on the roles page (目录提议的角色)."""
        if "incharge" not in users or "CZ" not in units:
            return
        RoleProposal.objects.get_or_create(
            user=users["incharge"],
            role=Role.LEADING_GROUP,
            unit=units["CZ"],
            defaults={"source": "ldap", "groups": "cn=财政局领导班子,ou=groups,dc=minghu,dc=gov,dc=cn"},
        )

    # Lookups by the names the fixture files use ----------------------------

    def unit(self, units: dict[str, Unit], code: str) -> Unit:
        if code not in units:
            raise DemoDataError(_("Unknown unit: %(code)s") % {"code": code})
        return units[code]

    def department(self, unit: Unit, name: str | None) -> Department | None:
        if not name:
            return None
        try:
            return self.departments[(unit.pk, name)]
        except KeyError:
            raise DemoDataError(
                _("Unknown department in %(unit)s: %(name)s") % {"unit": unit.code, "name": name}
            ) from None

    def post(self, unit: Unit, ref: str) -> Post:
        """``"科室/岗位"`` for a department's post, ``"岗位"`` for a leadership post."""
        department_name, _slash, post_name = ref.rpartition("/")
        department = self.department(unit, department_name)
        try:
            return self.posts[(unit.pk, department.pk if department else None, post_name)]
        except KeyError:
            raise DemoDataError(
                _("Unknown post in %(unit)s: %(post)s") % {"unit": unit.code, "post": ref}
            ) from None

    def person(self, unit: Unit, name: str | None) -> Person | None:
        if not name:
            return None
        try:
            return self.people[(unit.pk, name)]
        except KeyError:
            raise DemoDataError(
                _("Unknown person in %(unit)s: %(name)s") % {"unit": unit.code, "name": name}
            ) from None


# Demo lists were on public notice for a week after the leading group's April meeting.
DEMO_NOTICE_START = (4, 20)


def _noticed_list(unit_id: int, year: int) -> RiskList:
    start = timezone.make_aware(datetime(year, *DEMO_NOTICE_START, 9, 0))
    return RiskList(
        unit_id=unit_id,
        year=year,
        meeting_date=start.date() - timedelta(days=5),
        notice_days=settings.NOTICE_DAYS_DEFAULT,
        notice_start=start,
        notice_until=start + timedelta(days=settings.NOTICE_DAYS_DEFAULT),
    )
