"""Reading change history: per-object diffs and the global change log.

History rows are written by django-simple-history; this module only reads
them, in a bounded number of queries whatever the page holds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from heapq import merge

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from registry.history_registry import private_fields, tracked_models
from registry.models import Measure, RiskPoint, Unit
from registry.people import display_names
from registry.roles import HISTORY
from registry.scoping import scope_for, visible_units

CHANGE_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: models.Model
    model_key: str
    changes: list[FieldChange] = field(default_factory=list)
    object_label: str = ""
    user_label: str = ""

    @property
    def when(self) -> datetime:
        return self.record.history_date

    @property
    def change_type(self) -> str:
        return CHANGE_TYPES[self.record.history_type]

    @property
    def model_label(self) -> str:
        return tracked_model(self.model_key)._meta.verbose_name


def tracked_model(model_key: str) -> type[models.Model]:
    return tracked_models()[model_key][0]


@cache
def _history_model(model_key: str) -> type[models.Model]:
    return tracked_model(model_key).history.model


def history_rows(model_key: str) -> models.QuerySet:
    """The model's history rows, newest first. Read through the history model's own
    manager: simple-history's ``Model.history`` builds a manager class on every
    access, which cost the change log milliseconds per table on every page."""
    return _history_model(model_key)._default_manager.all()


@cache
def tracked_m2m(model_key: str) -> list[models.Field]:
    """The many-to-many fields whose rows simple-history keeps (not every one does)."""
    model = tracked_model(model_key)
    return [f for f in model._meta.many_to_many if f in model.history.model._history_m2m_fields]


def object_history(*, viewer, model_key: str, pk: int, action: str = HISTORY) -> list[Entry]:
    """Every change of one object, newest first, each with its field diff.

    Read from the history table, so a deleted object's past stays readable;
    an object outside the viewer's units yields nothing (the view's 404).
    """
    records = _filtered_history(model_key, viewer, ChangeLogFilter(model_key=model_key), action)
    if records is None:
        return []
    records = records.filter(id=pk).order_by("history_date", "history_id")
    return _build_entries(_with_predecessors(model_key, records))[::-1]


def risk_point_history(*, viewer, risk_point: RiskPoint) -> list[Entry]:
    """A risk point's own changes merged with those of its measures."""
    point = object_history(viewer=viewer, model_key="riskpoint", pk=risk_point.pk)
    measure_records = Measure.history.filter(risk_point_id=risk_point.pk).order_by(
        "id", "history_date", "history_id"
    )
    measures = _build_entries(_with_predecessors("measure", measure_records))
    return sorted(point + measures, key=lambda e: (e.when, e.record.history_id), reverse=True)


def _with_predecessors(key: str, records) -> list[tuple[str, models.Model, models.Model | None]]:
    """(model, record, previous record of the same object) for records in order."""
    last_seen: dict[int, models.Model] = {}
    items = []
    for record in records:
        items.append((key, record, last_seen.get(record.id)))
        last_seen[record.id] = record
    return items


@dataclass
class ChangeLogFilter:
    model_key: str = ""
    user_id: int | None = None
    unit: Unit | None = None
    date_from: date | None = None
    date_to: date | None = None


def change_log_records(*, viewer, filters: ChangeLogFilter):
    """Every (model key, history record) of the filtered change log, newest first,
    streamed model by model and merged, for an export of any size."""
    streams = [
        _stream(key, qs.iterator(chunk_size=2000))
        for key, qs in filtered_querysets(viewer, filters).items()
    ]
    for _when, _id, key, record in merge(*streams, reverse=True):
        yield key, record


def filtered_querysets(viewer, filters: ChangeLogFilter, *, keys: list[str] | None = None) -> dict:
    """{model key: its history rows the viewer may read and the filters keep}, for
    ``keys`` (by default every tracked model, or the filter's one)."""
    if keys is None:
        keys = change_log_keys(filters)
    units = _units_shown(viewer, filters, HISTORY)  # one subquery, shared by every table
    return {key: qs for key in keys if (qs := _history_in(key, filters, units)) is not None}


def change_log_keys(filters: ChangeLogFilter) -> list[str]:
    return [filters.model_key] if filters.model_key else list(tracked_models())


def _stream(key: str, records):
    """Sortable (when, id, model, record) tuples for the merge, newest first."""
    for record in records:
        yield record.history_date, record.history_id, key, record


def _filtered_history(key: str, viewer, filters: ChangeLogFilter, action: str = HISTORY):
    return _history_in(key, filters, _units_shown(viewer, filters, action))


def _units_shown(viewer, filters: ChangeLogFilter, action: str):
    """The ids of the units whose rows may be shown, or None when every row may."""
    scope = scope_for(viewer)
    if scope.sees_everything and not filters.unit:
        return None
    units = Unit.objects.all() if scope.sees_everything else visible_units(viewer, action)
    if filters.unit:
        units = units.filter(path__startswith=filters.unit.path)
    return units.values("id")


def _history_in(key: str, filters: ChangeLogFilter, units):
    """One model's history rows that the filters and the units shown keep (None: no row)."""
    unit_lookup = tracked_models()[key][1]
    qs = history_rows(key).order_by("-history_date", "-history_id")
    if filters.user_id:
        qs = qs.filter(history_user_id=filters.user_id)
    if filters.date_from:
        qs = qs.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(history_date__lt=_day_start(filters.date_to, next_day=True))
    if units is None:
        return qs
    if unit_lookup is None:  # reference data: every reader's, but it belongs to no unit
        return None if filters.unit else qs
    condition = Q()
    for lookup in unit_lookup.split("|"):
        condition |= Q(**{f"{lookup}__in": units})
    return qs.filter(condition)


def _day_start(day: date, next_day: bool = False) -> datetime:
    moment = datetime.combine(day, time.min)
    if next_day:
        moment += timezone.timedelta(days=1)
    return timezone.make_aware(moment)


def page_entries(page: list[tuple[str, models.Model]]) -> list[Entry]:
    """Diffs for a page of mixed records: one query per model for the predecessors."""
    by_model: dict[str, list[models.Model]] = {}
    for key, record in page:
        by_model.setdefault(key, []).append(record)
    previous = {key: _previous_records(key, records) for key, records in by_model.items()}
    return _build_entries(
        [(key, record, previous[key].get(record.history_id)) for key, record in page]
    )


def _previous_records(key: str, records: list[models.Model]) -> dict[int, models.Model]:
    """The record just before each given one, for the same object, by history_id."""
    history = history_rows(key)
    before = history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
    before = before.order_by("-history_date", "-history_id").values("history_id")[:1]
    ids = [r.history_id for r in records if r.history_type != "+"]
    pairs = (
        history.filter(history_id__in=ids)
        .annotate(prev_id=Subquery(before))
        .values_list("history_id", "prev_id")
    )
    prev_of = dict(pairs)
    prev_rows = history.in_bulk([p for p in prev_of.values() if p])
    return {hid: prev_rows[pid] for hid, pid in prev_of.items() if pid in prev_rows}


@dataclass
class _Change:
    field: models.Field
    old: object
    new: object


def _build_entries(items) -> list[Entry]:
    """Entries with readable diffs for (model, record, previous) triples, in a
    fixed number of queries: one per many-to-many field and per related model."""
    m2m = _ManyToManyRows(items)
    raw = [(key, record, _changes(key, record, prev, m2m)) for key, record, prev in items]
    labels = _Labels(raw)
    return [
        Entry(
            record,
            key,
            [labels.describe(c) for c in changes],
            labels.object_label(key, record),
            labels.user(record.history_user_id),
        )
        for key, record, changes in raw
    ]


def _changes(key: str, record, prev, m2m: "_ManyToManyRows") -> list[_Change]:
    if record.history_type == "-":
        return []
    changes = []
    for f in _shown_fields(key):
        new = getattr(record, f.attname)
        old = getattr(prev, f.attname) if prev is not None else None
        if new != old and not (old in (None, "") and new in (None, "")):
            changes.append(_Change(f, old, new))
    for f in tracked_m2m(key):
        new, old = m2m.ids(record, f), m2m.ids(prev, f) if prev is not None else []
        if new != old:
            changes.append(_Change(f, old, new))
    return changes


@cache
def _shown_fields(key: str) -> list[models.Field]:
    """The model's editable fields that its history keeps (some are excluded)."""
    model = tracked_model(key)
    hidden = {"created_at", "updated_at", "sort_order", "path", "depth"} | private_fields(model)
    kept = {f.name for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in hidden and f.name in kept
    ]


class _ManyToManyRows:
    """The many-to-many ids of every record involved, fetched in one query per field."""

    def __init__(self, items) -> None:
        self.rows: dict[tuple[str, int], list[int]] = {}
        wanted: dict[tuple[type, str], list[int]] = {}
        for key, record, prev in items:
            for f in tracked_m2m(key):
                ids = wanted.setdefault((type(record), f.name), [])
                ids += [r.history_id for r in (record, prev) if r is not None]
        for (historical, name), history_ids in wanted.items():
            through = _history_through(historical, name)
            target = tracked_model(_key_of(historical))._meta.get_field(name).related_model
            target = target._meta.model_name
            pairs = through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", f"{target}_id"
            )
            for history_id, target_id in pairs.order_by(f"{target}_id"):
                self.rows.setdefault((name, history_id), []).append(target_id)

    def ids(self, record, f) -> list[int]:
        return self.rows.get((f.name, record.history_id), [])


def _history_through(historical, name: str):
    """simple-history's table of a many-to-many field's rows per history record."""
    return next(
        rel.related_model
        for rel in historical._meta.related_objects
        if rel.field.name == "history" and rel.related_model.__name__.endswith(f"_{name}")
    )


def _key_of(historical) -> str:
    return historical.instance_type._meta.model_name


# Objects without a name of their own are labelled by what they join.
LABEL_FIELDS = {
    "posttenure": ("person", "post"),
    "roleassignment": ("user", "role", "unit"),
    "signoff": ("risk_point", "action"),
}
# What names an object that has no label fields, in order of preference.
NAMING_FIELDS = ("name", "title", "summary", "code", "text")
# Long fingerprints are shown by their first characters, as on the point's page.
SHORTENED_FIELDS = {"content_hash": 8}


class _Labels:
    """Turns raw values into what a reader recognises: names, choice labels.
    Related objects are fetched once per related model for the whole page."""

    def __init__(self, raw) -> None:
        wanted: dict[type[models.Model], set] = {}

        def want(f, value) -> None:
            if f.is_relation and f.related_model is not None:
                values = value if isinstance(value, list) else [value]
                wanted.setdefault(f.related_model, set()).update(v for v in values if v)

        for key, record, changes in raw:
            for change in changes:
                want(change.field, change.old)
                want(change.field, change.new)
            for name in LABEL_FIELDS.get(key, ()):
                f = tracked_model(key)._meta.get_field(name)
                want(f, getattr(record, f.attname))
        User = get_user_model()
        users = wanted.pop(User, set()) | {record.history_user_id for _, record, _ in raw}
        self.objects = {m: m._default_manager.in_bulk(ids) for m, ids in wanted.items()}
        self.objects[User] = display_names(users)

    def user(self, user_id: int | None) -> str:
        return self.objects[get_user_model()].get(user_id, "") if user_id else ""

    def describe(self, change: _Change) -> FieldChange:
        f = change.field
        return FieldChange(
            str(f.verbose_name), self.value(f, change.old), self.value(f, change.new)
        )

    def object_label(self, key: str, record) -> str:
        if key in LABEL_FIELDS:
            fields = [tracked_model(key)._meta.get_field(n) for n in LABEL_FIELDS[key]]
            return " · ".join(self.value(f, getattr(record, f.attname)) for f in fields)
        if key == "measure":
            return record.text[:60]
        private = private_fields(tracked_model(key))
        for name in NAMING_FIELDS:
            if name not in private and (value := getattr(record, name, "")):
                return str(value)[:60]
        return f"{tracked_model(key)._meta.verbose_name} #{record.id}"

    def value(self, f, value) -> str:
        if value in (None, "", []):
            return "—"
        if isinstance(value, list):
            return ", ".join(self.value(f, v) for v in value)
        if f.is_relation and f.related_model is not None:
            obj = self.objects.get(f.related_model, {}).get(value)
            return str(obj) if obj is not None else f"#{value}"
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if f.name in SHORTENED_FIELDS:
            return str(value)[: SHORTENED_FIELDS[f.name]]
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return formats.date_format(local, "Y-m-d H:i:s")
        return str(value)


def history_users():
    """Users who appear in history, for the change-log filter."""
    # One index probe per user and table (EXISTS), not a read of every history
    # row (IN): the tables hold millions of rows and the users are few.
    condition = Q(pk__in=[])
    for key in tracked_models():
        condition |= Exists(history_rows(key).filter(history_user_id=OuterRef("pk")))
    return get_user_model().objects.filter(condition).select_related("person").order_by("username")
