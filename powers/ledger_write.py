"""Writing a clean power-list plan: bulk inserts, updates and deletes, history by the importer.

Runs inside the engine's transaction. Steps are matched by number and rewritten
in place, so the risk points marked on a step stay on it when its wording
changes; a step the file no longer lists is removed with its marks.
"""

from django.db import router
from django.db.models.deletion import Collector
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from powers.choices import PostRole
from powers.ledger_plan import POSTS, STEPS, Payload, PowerTarget
from powers.models import FlowStep, PowerItem, PowerPost, StepRisk
from registry.ledger.sheets import Change, Context, Plan

BATCH = 1000


def write_power_list(plan: Plan, context: Context) -> list[Change]:
    payload: Payload = plan.payload
    history = {"default_user": context.by, "default_change_reason": context.change_reason}
    _create_powers(payload.created, history)
    _update_powers(payload.updated, history)
    _write_posts(payload, history)
    _write_steps(payload, history)
    return [
        Change(action, t.sheet, t.row, t.existing, str(t.existing))
        for action, targets in (("created", payload.created), ("updated", payload.updated))
        for t in targets
    ]


def _create_powers(targets: list[PowerTarget], history: dict) -> None:
    powers = [PowerItem(unit_id=t.unit.pk, code=t.code, **t.values) for t in targets]
    if powers:
        bulk_create_with_history(powers, PowerItem, batch_size=BATCH, **history)
    for target, power in zip(targets, powers, strict=True):
        target.existing = power


def _update_powers(targets: list[PowerTarget], history: dict) -> None:
    now, powers, fields = timezone.now(), [], set()
    for target in targets:
        changed = [name for name in target.changed if name not in (POSTS, STEPS)]
        if not changed:
            continue
        for name in changed:
            setattr(target.existing, name, target.values[name])
        target.existing.updated_at = now
        powers.append(target.existing)
        fields.update(changed)
    if powers:
        fields = [*sorted(fields), "updated_at"]
        bulk_update_with_history(powers, PowerItem, fields, batch_size=BATCH, **history)


def _write_posts(payload: Payload, history: dict) -> None:
    """The undertaking posts the file names replace those stored; other roles are kept."""
    new, removed = [], []
    for target in payload.created + payload.updated:
        if target.post_ids is None:
            continue
        current = payload.undertakers.get(target.existing.pk, [])
        stored = {a.post_id for a in current}
        new += [
            PowerPost(power=target.existing, post_id=post_id, role=PostRole.UNDERTAKE)
            for post_id in sorted(target.post_ids - stored)
        ]
        removed += [a for a in current if a.post_id not in target.post_ids]
    _delete_with_history(PowerPost, removed, history)
    if new:
        bulk_create_with_history(new, PowerPost, batch_size=BATCH, **history)


def _write_steps(payload: Payload, history: dict) -> None:
    new, changed, removed, fields = [], [], [], set()
    for target in payload.created + payload.updated:
        for step in target.steps or ():
            if step.existing is None:
                new.append(FlowStep(power=target.existing, order=step.record.order, **step.values))
            elif step.changed:
                for name, value in step.values.items():
                    setattr(step.existing, name, value)
                changed.append(step.existing)
                fields.update(step.values)
        removed += target.removed_steps
    # Marks first: removed by the cascade, their history records would name no user.
    if removed:
        marks = list(StepRisk.objects.filter(step__in=removed))
        _delete_with_history(StepRisk, marks, history)
    _delete_with_history(FlowStep, removed, history)
    if changed:
        bulk_update_with_history(changed, FlowStep, sorted(fields), batch_size=BATCH, **history)
    if new:
        bulk_create_with_history(new, FlowStep, batch_size=BATCH, **history)


def _delete_with_history(model, objs: list, history: dict) -> None:
    """Delete these very instances, so simple-history's "-" records carry the importer and
    the import (a queryset delete would load fresh instances and lose both)."""
    if not objs:
        return
    for obj in objs:
        obj._history_user = history["default_user"]
        obj._change_reason = history["default_change_reason"]
    collector = Collector(using=router.db_for_write(model))
    collector.collect(objs)
    collector.delete()
