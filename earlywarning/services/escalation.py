"""Automatic escalation: every open case past its step deadline moves up exactly one step.

Safe to run twice, on two workers at once, and after a crash:

- cases are claimed in batches with ``SELECT … FOR UPDATE SKIP LOCKED``, so two
  workers take disjoint batches;
- the update is guarded by the state it read (same step, still open, still
  due); if any row no longer matches, the whole batch rolls back and is read
  again — so no case moves twice;
- the escalated case gets a deadline in the future (at least a day, see
  ``StepDeadline``), so it is no longer due, in this run or a concurrent one;
- the case, its event, its history and its notifications (outbox messages,
  sent only after commit) are one transaction per batch: a worker killed
  mid-batch leaves the batch untouched, and the next run (or the redelivered
  task, ``acks_late``) completes it.

A batch holds up to 10,000 cases, read as plain values and written in bulk: one
guarded UPDATE per step, events with COPY on PostgreSQL and history rows copied
inside the database (``registry.ledger.bulk``), and every notice of the batch in
one outbox insert — one per unit, one per person concerned. bench/earlywarning_escalation.py
measures 10,000 due cases among 1,000,000 against the 2-second goal.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import discipline_staff_by_unit
from earlywarning.choices import CaseStatus, EventKind, Step
from earlywarning.models import CaseEvent, DisposalCase, WarningInfo
from earlywarning.services.disposal import step_days, step_deadline
from registry.ledger import bulk
from registry.models import Person, Unit
from registry.notifications import Notice, notify_many

BATCH_SIZE = 10_000
MAX_RETRIES = 10
# Cases named in one unit's notice; the rest are counted.
LISTED = 20


@dataclass(frozen=True)
class Escalation:
    case_id: int
    unit: str
    summary: str
    from_step: int
    to_step: int
    deadline: datetime.datetime


class _Moved(Exception):
    """A claimed row changed under the batch (possible only without row locks)."""


def escalate_due(
    *, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE
) -> list[Escalation]:
    """Escalate every due case once; return what was escalated."""
    now = now or timezone.now()
    days = step_days()
    handlers: dict[int, set] = {}
    done: list[Escalation] = []
    retries = 0
    while True:
        try:
            with transaction.atomic():
                batch = _claim(now, batch_size)
                if not batch:
                    return done
                done.extend(_escalate(batch, now, days, handlers))
            retries = 0
        except _Moved:
            # Another worker got there first; read again (it keeps making progress).
            retries += 1
            if retries > MAX_RETRIES:
                return done


@dataclass(frozen=True)
class _Due:
    """A claimed case as plain values: ten thousand model instances with their unit,
    warning and person would cost more than the whole write."""

    pk: int
    step: int
    unit: Unit
    summary: str
    user: object | None  # the person concerned's login, if they have one


def _claim(now: datetime.datetime, limit: int) -> list[_Due]:
    """Lock up to ``limit`` due cases, then read what the notices name in one query per
    table: joining the warnings into the locking query makes PostgreSQL hash all of them."""
    rows = list(
        DisposalCase.objects.due_for_escalation(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("deadline", "id")
        .values_list("pk", "step", "unit_id", "warning_id", "person_id")[:limit]
    )
    if not rows:
        return []
    _pks, _steps, unit_ids, warning_ids, person_ids = zip(*rows, strict=True)
    units = Unit.objects.in_bulk(set(unit_ids))
    summaries = dict(
        WarningInfo.objects.order_by()
        .filter(bulk.among("pk", warning_ids))
        .values_list("pk", "summary")
    )
    logins = _logins(person_ids)
    return [
        _Due(pk, step, units[unit_id], summaries[warning_id], logins.get(person_id))
        for pk, step, unit_id, warning_id, person_id in rows
    ]


def _logins(person_ids) -> dict:
    """The login of each person concerned (None for those without one)."""
    concerned = {p for p in person_ids if p}
    if not concerned:
        return {}
    people = Person.objects.order_by().select_related("user").filter(bulk.among("pk", concerned))
    return {person.pk: person.user for person in people}


def _escalate(batch: list[_Due], now, days, handlers) -> list[Escalation]:
    by_step: dict[int, list[int]] = {}
    for case in batch:
        by_step.setdefault(case.step, []).append(case.pk)
    for step, ids in by_step.items():
        guard = Q(bulk.among("pk", ids), step=step, status=CaseStatus.OPEN, deadline__lte=now)
        moved = DisposalCase.objects.filter(guard).update(
            step=step + 1, step_started_at=now, deadline=step_deadline(step + 1, now, days)
        )
        if moved != len(ids):
            raise _Moved
    done = [_apply(case, now, days) for case in batch]
    _record(batch, done, now)
    _notify(batch, done, handlers)
    return done


def _apply(case: _Due, now, days) -> Escalation:
    """What the guarded update wrote, told as an escalation."""
    return Escalation(
        case_id=case.pk,
        unit=str(case.unit),
        summary=case.summary,
        from_step=case.step,
        to_step=case.step + 1,
        deadline=step_deadline(case.step + 1, now, days),
    )


def _record(batch: list[_Due], done: list[Escalation], now) -> None:
    """The batch's events in one COPY (one insert elsewhere) and its history rows in one
    ``INSERT … SELECT`` of the cases as the update left them."""
    reason = _("The step deadline passed unresolved.")
    bulk.insert(
        CaseEvent,
        [
            {
                "case_id": e.case_id,
                "kind": EventKind.ESCALATED,
                "from_step": e.from_step,
                "to_step": e.to_step,
                "deadline": e.deadline,
                "reason": reason,
                "at": now,
            }
            for e in done
        ],
    )
    bulk.record_history_of(
        DisposalCase.objects.filter(bulk.among("pk", [e.case_id for e in done])),
        user=None,
        reason=str(EventKind.ESCALATED.label),
    )


def _notify(batch: list[_Due], done: list[Escalation], handlers: dict[int, set]) -> None:
    """One notice per unit and batch to its discipline staff, listing the cases; one per
    case to the person concerned. All in one outbox insert, sent only if the batch commits."""
    by_unit: dict[Unit, list[Escalation]] = {}
    for case, escalation in zip(batch, done, strict=True):
        by_unit.setdefault(case.unit, []).append(escalation)
    handlers.update(discipline_staff_by_unit([u for u in by_unit if u.pk not in handlers]))
    notices = [
        _person_notice(escalation, case.user)
        for case, escalation in zip(batch, done, strict=True)
        if case.user
    ]
    notices += [_unit_notice(u, escalations, handlers[u.pk]) for u, escalations in by_unit.items()]
    notify_many(notices)


def _person_notice(escalation: Escalation, user) -> Notice:
    """To the person concerned, who must now answer (as ``notify_handlers`` words it)."""
    body = _("%(unit)s: %(summary)s — now at “%(step)s”, due %(deadline)s.") % {
        "unit": escalation.unit,
        "summary": escalation.summary,
        "step": Step(escalation.to_step).label,
        "deadline": timezone.localtime(escalation.deadline).strftime("%Y-%m-%d"),
    }
    return Notice(
        recipients=[user],
        title=_("A disposal case escalated automatically"),
        body=body,
        url=reverse("earlywarning:case_detail", args=[escalation.case_id]),
    )


def _unit_notice(unit, escalations: list[Escalation], recipients) -> Notice:
    lines = [
        f"{e.summary}: {Step(e.from_step).label} → {Step(e.to_step).label}, "
        f"{timezone.localtime(e.deadline):%Y-%m-%d}"
        for e in escalations[:LISTED]
    ]
    if len(escalations) > LISTED:
        lines.append(_("… and %(n)d more.") % {"n": len(escalations) - LISTED})
    return Notice(
        recipients=recipients,
        title=_("%(unit)s: %(n)d disposal case(s) escalated automatically")
        % {"unit": unit, "n": len(escalations)},
        body="\n".join(lines),
        url=reverse("earlywarning:case_list") + f"?unit={unit.pk}",
    )
