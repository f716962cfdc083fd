"""Writing a clean risk-point plan: bulk inserts and updates, history by the importing user.

Runs inside the engine's transaction. Every write goes through
``bulk_create_with_history`` / ``bulk_update_with_history``, so the change log
shows the importer and the import (as the change reason) on each point and measure.
"""

import re

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.choices import DefenceLine, RiskPointStatus
from registry.ledger.bulk import insert_with_history, reserve_ids
from registry.ledger.risk_point_plan import FIELDS, Payload, Target
from registry.ledger.sheets import Change, Context, Plan
from registry.models import Department, Measure, Post, RiskPoint

BATCH = 1000
MEASURE_CHUNK = 10_000

# A first guess at the line of defence (三道防线) of an imported measure, from its wording;
# the ledger has no column for it and the point's form lets people correct it.
DISPOSAL_WORDS = (
    "问责",
    "追责",
    "处分",
    "整改",
    "诫勉",
    "约谈",
    "提醒谈话",
    "通报",
    "责令",
    "处理",
)
MONITORING_WORDS = (
    "监督", "监控", "检查", "抽查", "核查", "复核", "复审", "比对", "对账", "稽核",
    "巡查", "双人", "双岗", "回访", "评查", "监察", "视频", "定位", "留痕",
)  # fmt: skip


_DISPOSAL = re.compile("|".join(DISPOSAL_WORDS))
_MONITORING = re.compile("|".join(MONITORING_WORDS))


def defence_line_for(text: str) -> str:
    if _DISPOSAL.search(text):
        return DefenceLine.DISPOSAL
    if _MONITORING.search(text):
        return DefenceLine.MONITORING
    return DefenceLine.PREVENTION


def write_risk_points(plan: Plan, context: Context) -> list[Change]:
    payload: Payload = plan.payload
    history = {"default_user": context.by, "default_change_reason": context.change_reason}
    _create_places(payload, history)
    _update_points(payload.updated, history)
    _rewrite_measures(payload.updated, history)
    # The new rows last, every key taken first: they go in with COPY, and a query
    # between two COPYs would wait for the ones queued before it (``bulk.streaming``).
    point_ids = reserve_ids(RiskPoint, len(payload.created))
    measure_ids = iter(reserve_ids(Measure, sum(len(t.measures) for t in payload.created)))
    created = _create_points(payload.created, point_ids, history)
    _create_measures(payload.created, created, measure_ids, history)
    changes = [
        Change("created", t.record.sheet, t.record.row, None, t.values["name"], RiskPoint, pk)
        for t, pk in zip(payload.created, created, strict=True)
    ]
    changes += [
        Change("updated", t.record.sheet, t.record.row, t.existing, t.existing.name)
        for t in payload.updated
    ]
    return changes


def _create_places(payload: Payload, history: dict) -> None:
    """New departments first, then posts (which may sit in a new department)."""
    if payload.new_departments:
        bulk_create_with_history(payload.new_departments, Department, batch_size=BATCH, **history)
    for post in payload.new_posts:
        if post.department is not None:
            post.department_id = post.department.id
    if payload.new_posts:
        bulk_create_with_history(payload.new_posts, Post, batch_size=BATCH, **history)


def _place_ids(target: Target) -> None:
    target.values["department_id"] = target.department.id if target.department else None
    target.values["post_id"] = target.post.id if target.post else None


def _create_points(targets: list[Target], pks: list, history: dict) -> list[int]:
    """The new points as plain rows (no model instances); their primary keys."""
    now = timezone.now()
    rows = []
    for target, pk in zip(targets, pks, strict=True):
        _place_ids(target)
        rows.append(
            {
                "id": pk,
                "unit_id": target.unit.id,
                "status": RiskPointStatus.DRAFT,
                "status_changed_at": now,
                **target.values,
            }
        )
    return _insert(RiskPoint, rows, history)


def _insert(model, rows: list[dict], history: dict) -> list[int]:
    return insert_with_history(
        model, rows, user=history["default_user"], reason=history["default_change_reason"]
    )


def _update_points(targets: list[Target], history: dict) -> None:
    now = timezone.now()
    points = []
    for target in targets:
        if target.changed == ["measures"]:
            continue
        for name in FIELDS:
            setattr(target.existing, name, target.values[name])
        target.existing.updated_at = now
        points.append(target.existing)
    if points:
        bulk_update_with_history(
            points, RiskPoint, [*FIELDS, "updated_at"], batch_size=BATCH, **history
        )


def _rewrite_measures(updated: list[Target], history: dict) -> None:
    """Measure i of a point is rewritten in place; extra ones are added or removed."""
    new, changed, removed = [], [], []
    for target in updated:
        if "measures" not in target.changed:
            continue
        old = target.old_measures
        for measure, text in zip(old, target.measures, strict=False):
            if measure.text != text:
                measure.text, measure.defence_line = text, defence_line_for(text)
                changed.append(measure)
        new += _measures(target.existing.pk, target.measures[len(old) :], start=len(old))
        removed += old[len(target.measures) :]
    _insert(Measure, new, history)
    if changed:
        fields = ["text", "defence_line"]
        bulk_update_with_history(changed, Measure, fields, batch_size=BATCH, **history)
    if removed:
        _delete_with_history(removed, history)


def _create_measures(targets: list[Target], pks: list[int], ids, history: dict) -> None:
    """The new points' measures (keys from ``ids``), a chunk at a time (bounded memory)."""
    chunk: list[dict] = []
    for target, pk in zip(targets, pks, strict=True):
        chunk += _measures(pk, target.measures, start=0, ids=ids)
        if len(chunk) >= MEASURE_CHUNK:
            _insert(Measure, chunk, history)
            chunk = []
    _insert(Measure, chunk, history)


def _measures(point_id: int, texts: list[str], *, start: int, ids=None) -> list[dict]:
    return [
        {
            **({"id": next(ids)} if ids is not None else {}),
            "risk_point_id": point_id,
            "text": text,
            "defence_line": defence_line_for(text),
            "sort_order": start + i,
        }
        for i, text in enumerate(texts, start=1)
    ]


def _delete_with_history(measures: list[Measure], history: dict) -> None:
    """simple-history has no bulk delete: write the "-" records, then delete in one query."""
    now = timezone.now()
    records = [
        Measure.history.model(
            **{f.attname: getattr(m, f.attname) for f in Measure._meta.fields},
            history_date=now,
            history_type="-",
            history_user=history["default_user"],
            history_change_reason=history["default_change_reason"],
        )
        for m in measures
    ]
    Measure.history.model.objects.bulk_create(records, batch_size=BATCH)
    Measure.objects.filter(pk__in=[m.pk for m in measures]).delete()
