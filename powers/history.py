"""A power's change history: the power, its posts, steps, risk markers and bands, merged.

One query per tracked model, plus one per kind of linked object named in a diff.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from powers.choices import DiscretionTier, PostRole
from powers.models import DiscretionBand, FlowStep, PowerCategory, PowerItem, PowerPost, StepRisk
from registry.models import Department, Post, RiskPoint

CHANGE_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Foreign keys shown by name rather than number.
NAMED = {"post": Post, "category": PowerCategory, "department": Department, "risk_point": RiskPoint}


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class Entry:
    when: datetime
    user: object
    model_label: str
    object_label: str
    change_type: str
    changes: list[Change] = field(default_factory=list)


def power_history(power: PowerItem) -> list[Entry]:
    """Every change to the power and to what hangs off it, newest first."""
    step_ids = set(FlowStep.history.filter(power_id=power.pk).values_list("id", flat=True))
    sources = [
        (PowerItem, PowerItem.history.filter(id=power.pk)),
        (PowerPost, PowerPost.history.filter(power_id=power.pk)),
        (FlowStep, FlowStep.history.filter(power_id=power.pk)),
        (StepRisk, StepRisk.history.filter(step_id__in=step_ids)),
        (DiscretionBand, DiscretionBand.history.filter(power_id=power.pk)),
    ]
    entries, names = [], _Names()
    labels = _Labels(sources)
    for model, records in sources:
        entries.extend(_entries(model, records.select_related("history_user__person"), names, labels))
    names.resolve(entries)
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entries(model, records, names: "_Names", labels: "_Labels") -> list[Entry]:
    previous: dict[int, models.Model] = {}
    entries = []
    for record in records.order_by("history_date", "history_id"):
        entry = Entry(
            when=record.history_date,
            user=record.history_user,
            model_label=model._meta.verbose_name,
            object_label=labels.of(model, record),
            change_type=CHANGE_TYPES[record.history_type],
        )
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                field_ = model._meta.get_field(change.field)
                entry.changes.append(names.change(field_, change.old, change.new))
        previous[record.id] = record
        if record.history_type != "~" or entry.changes:
            entries.append(entry)
    return entries


class _Labels:
    """Names for history rows whose own fields are only ids (a post, a step, a risk point)."""

    def __init__(self, sources) -> None:
        records = dict(sources)
        self.posts = Post.objects.in_bulk(set(records[PowerPost].values_list("post_id", flat=True)))
        self.points = RiskPoint.objects.in_bulk(
            set(records[StepRisk].values_list("risk_point_id", flat=True))
        )
        self.steps = dict(records[FlowStep].order_by("history_date").values_list("id", "name"))

    def of(self, model, record) -> str:
        if model is StepRisk:
            point = self.points.get(record.risk_point_id, f"#{record.risk_point_id}")
            return f"{self.steps.get(record.step_id, record.step_id)} ★ {point}"
        if model is PowerPost:
            post = self.posts.get(record.post_id, f"#{record.post_id}")
            return f"{post} ({PostRole(record.role).label})"
        if model is DiscretionBand:
            return f"{DiscretionTier(record.tier).label} {record.grade}"
        if model is FlowStep:
            return f"{record.order}. {record.name}"
        return str(record.name)


class _Names:
    """Collects foreign-key ids seen in diffs, then fetches their names in bulk."""

    def __init__(self) -> None:
        self.wanted: dict[str, set] = {}

    def change(self, field_, old, new) -> Change:
        if field_.name in NAMED:
            self.wanted.setdefault(field_.name, set()).update(v for v in (old, new) if v)
        return Change(str(field_.verbose_name), (field_.name, old), (field_.name, new))

    def resolve(self, entries: list[Entry]) -> None:
        found = {name: NAMED[name].objects.in_bulk(ids) for name, ids in self.wanted.items()}
        for entry in entries:
            for change in entry.changes:
                change.old = self._show(found, change.old)
                change.new = self._show(found, change.new)

    @staticmethod
    def _show(found, pair) -> str:
        name, value = pair
        if value in (None, ""):
            return "—"
        obj = found.get(name, {}).get(value)
        return str(obj) if obj is not None else str(value)
