"""Moving risk points through review and approval (三上三下, 层层把关).

Chain for a point with a department:
    draft → submitted → dept_reviewed → leader_reviewed → on_notice → active
Points without a department (the leadership team's and the unit's own) go from
submitted straight to the leading group. Every step, batch or single, is one
transaction that claims the unit's list first (compare-and-swap on its
version), checks each point, records a ``SignOff`` per point, and notifies
whoever acts next once the transaction commits.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.choices import RiskPointStatus as S
from registry.decision import record_decision
from registry.levels import differs_from_grading, graded_levels
from registry.models import Measure, RiskList, RiskPoint, SignOff, SignOffAction
from registry.notifications import Notice, notify, notify_many
from registry.roles import APPROVE, DECIDE, FILL, RETURN, REVIEW, SIGN
from registry.scoping import restrict_risk_points, scope_for, users_with
from registry.signals import list_took_effect


class ConflictError(Exception):
    """Someone else acted on the list since the page was loaded."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    target: str
    permission: str
    action: str
    sources: frozenset = frozenset()
    # For points without a department (no department head or leader in charge).
    sources_without_department: frozenset = frozenset()
    levels: frozenset = frozenset({1, 2, 3})
    needs_meeting: bool = False

    def source_for(self, point: RiskPoint) -> frozenset:
        return self.sources if point.department_id else self.sources_without_department


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            gettext_lazy("Submit and sign"),
            S.SUBMITTED,
            FILL,
            SignOffAction.SUBMIT,
            sources=frozenset({S.DRAFT}),
            sources_without_department=frozenset({S.DRAFT}),
        ),
        Transition(
            "sign",
            gettext_lazy("Check and sign"),
            S.DEPARTMENT_REVIEWED,
            SIGN,
            SignOffAction.SIGN,
            sources=frozenset({S.SUBMITTED}),
        ),
        Transition(
            "review",
            gettext_lazy("Review"),
            S.LEADER_REVIEWED,
            REVIEW,
            SignOffAction.REVIEW,
            sources=frozenset({S.DEPARTMENT_REVIEWED}),
        ),
        # A main leader may approve level-2 and level-3 points alone; level-1
        # points always need the leading group's collective decision.
        Transition(
            "approve",
            gettext_lazy("Approve"),
            S.ON_NOTICE,
            APPROVE,
            SignOffAction.APPROVE,
            sources=frozenset({S.LEADER_REVIEWED}),
            sources_without_department=frozenset({S.SUBMITTED}),
            levels=frozenset({2, 3}),
        ),
        # Recorded by a leading-group member (DECIDE), naming the members who attended.
        Transition(
            "decide",
            gettext_lazy("Record the leading group's decision"),
            S.ON_NOTICE,
            DECIDE,
            SignOffAction.DECIDE,
            sources=frozenset({S.LEADER_REVIEWED}),
            sources_without_department=frozenset({S.SUBMITTED}),
            needs_meeting=True,
        ),
    ]
}

# Who may send a point back from where it stands.
RETURNABLE = {S.SUBMITTED, S.DEPARTMENT_REVIEWED, S.LEADER_REVIEWED, S.ON_NOTICE}
RETURN_PERMISSIONS = (SIGN, REVIEW, APPROVE, RETURN)


def available_transitions(user, point: RiskPoint) -> list[Transition]:
    scope = scope_for(user)
    return [
        t
        for t in TRANSITIONS.values()
        if point.status in t.source_for(point)
        and point.level in t.levels
        and scope.allows(t.permission, point)
    ]


def may_submit(user, point: RiskPoint) -> bool:
    """Whether "save and submit" may be offered: a draft (or a new point) the user fills in."""
    return point.status == S.DRAFT and scope_for(user).reaches_anything(FILL)


def can_return(user, point: RiskPoint) -> bool:
    scope = scope_for(user)
    return point.status in RETURNABLE and any(scope.allows(p, point) for p in RETURN_PERMISSIONS)


def chain(point: RiskPoint) -> list[str]:
    if point.department_id:
        return [
            S.DRAFT,
            S.SUBMITTED,
            S.DEPARTMENT_REVIEWED,
            S.LEADER_REVIEWED,
            S.ON_NOTICE,
            S.ACTIVE,
        ]
    return [S.DRAFT, S.SUBMITTED, S.ON_NOTICE, S.ACTIVE]


def previous_status(point: RiskPoint) -> str:
    steps = chain(point)
    return steps[max(0, steps.index(point.status) - 1)]


def content_hash(point: RiskPoint, measures: list[Measure]) -> str:
    """A fingerprint of what is signed: the point's content and its measures."""
    fields = [
        "scope",
        "unit_id",
        "department_id",
        "post_id",
        "code",
        "name",
        "manifestation",
        "category_id",
        "level",
        "discovery_method",
        "responsible_person_id",
        "supervisor_id",
        "time_limit",
        "year",
        "remarks",
    ]
    content = {name: getattr(point, name) for name in fields}
    content["measures"] = [
        [m.defence_line, m.text, m.responsible_person_id, str(m.due_date or ""), m.status]
        for m in sorted(measures, key=lambda m: (m.sort_order, m.pk or 0))
    ]
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def current_hash(point: RiskPoint) -> str:
    return content_hash(point, list(point.measures.all()))


def risk_list_for(point: RiskPoint) -> RiskList:
    risk_list, _ = RiskList.objects.get_or_create(unit_id=point.unit_id, year=point.year)
    return risk_list


@dataclass
class Outcome:
    moved: list[RiskPoint] = field(default_factory=list)
    risk_list: RiskList | None = None
    # Who must take the next step on the moved points (notified once the step commits).
    next_handlers: list = field(default_factory=list)


def transition_points(
    *,
    name: str,
    point_ids: list[int],
    risk_list: RiskList,
    by,
    expected_version: int | None,
    comment: str = "",
    meeting_date: datetime.date | None = None,
    minutes_ref: str = "",
    attendees=(),
    notice_days: int | None = None,
) -> Outcome:
    """Take ``name`` on the given points of one list, all or none."""
    transition = TRANSITIONS[name]
    if transition.needs_meeting and not (meeting_date and minutes_ref.strip()):
        raise ValidationError(
            _("A collective decision needs the meeting date and the minutes reference.")
        )
    decision = None
    with transaction.atomic():
        risk_list = _claim(risk_list, expected_version, by)
        points = _lock_points(point_ids, risk_list)
        allowed = set(
            restrict_risk_points(
                RiskPoint.objects.filter(pk__in=point_ids), by, transition.permission
            ).values_list("pk", flat=True)
        )
        graded = graded_levels([p.pk for p in points]) if transition.target == S.ON_NOTICE else {}
        problems = [_refusal(transition, p, allowed, graded.get(p.pk)) for p in points]
        problems = [p for p in problems if p]
        if problems:
            raise ValidationError(problems)
        if transition.needs_meeting:
            decision = record_decision(
                risk_list=risk_list,
                points=points,
                by=by,
                meeting_date=meeting_date,
                minutes_ref=minutes_ref,
                attendees=attendees,
            )
        if transition.target == S.ON_NOTICE:
            _start_notice(risk_list, notice_days, meeting_date, minutes_ref)
        _move(
            points,
            transition.target,
            transition.action,
            risk_list,
            by,
            comment,
            meeting_date=meeting_date,
            minutes_ref=minutes_ref,
            decision=decision,
        )
    waiting = _next_handlers(points, transition.target, by)
    _notify_waiting(waiting)
    return Outcome(points, risk_list, list(waiting))


def return_points(
    *,
    point_ids: list[int],
    risk_list: RiskList,
    by,
    expected_version: int | None,
    reason: str,
    to_draft: bool = False,
) -> Outcome:
    """Send points back one step, or to draft, with a reason. Counts as one return of the list."""
    if not reason.strip():
        raise ValidationError({"comment": _("Say why the list is sent back.")})
    with transaction.atomic():
        risk_list = _claim(risk_list, expected_version, by)
        points = _lock_points(point_ids, risk_list)
        allowed = set()
        for permission in RETURN_PERMISSIONS:
            allowed |= set(
                restrict_risk_points(
                    RiskPoint.objects.filter(pk__in=point_ids), by, permission
                ).values_list("pk", flat=True)
            )
        problems = [
            _("“%(point)s” is not yours to send back.") % {"point": p.name}
            for p in points
            if p.pk not in allowed
        ] + [
            _("“%(point)s” is %(status)s and cannot be sent back.")
            % {"point": p.name, "status": p.get_status_display()}
            for p in points
            if p.status not in RETURNABLE
        ]
        if problems:
            raise ValidationError(problems)
        RiskList.objects.filter(pk=risk_list.pk).update(returns_count=F("returns_count") + 1)
        targets = {p.pk: S.DRAFT if to_draft else previous_status(p) for p in points}
        for target in set(targets.values()):
            group = [p for p in points if targets[p.pk] == target]
            _move(group, target, SignOffAction.RETURN, risk_list, by, reason)
    risk_list.refresh_from_db()
    _notify_returned(points, by, reason)
    return Outcome(points, risk_list)


def _claim(risk_list: RiskList, expected_version: int | None, by) -> RiskList:
    """Take the list for this transaction; the loser of a race is told who won."""
    claim = RiskList.objects.filter(pk=risk_list.pk)
    if expected_version is not None:
        claim = claim.filter(version=expected_version)
    if not claim.update(version=F("version") + 1, last_action_by=by, last_action_at=timezone.now()):
        current = RiskList.objects.select_related("last_action_by").get(pk=risk_list.pk)
        winner = current.last_action_by
        who = (winner.get_full_name() or winner.username) if winner else _("someone")
        when = timezone.localtime(current.last_action_at) if current.last_action_at else None
        when = when.strftime("%Y-%m-%d %H:%M:%S") if when else ""
        raise ConflictError(
            _("This list was changed by %(user)s at %(time)s. Reload the page and try again.")
            % {"user": who, "time": when}
        )
    return RiskList.objects.get(pk=risk_list.pk)


def _lock_points(point_ids: list[int], risk_list: RiskList) -> list[RiskPoint]:
    points = list(
        RiskPoint.objects.select_for_update()
        .filter(pk__in=point_ids, unit_id=risk_list.unit_id, year=risk_list.year)
        .prefetch_related("measures")
        .order_by("pk")
    )
    if len(points) != len(set(point_ids)):
        raise PermissionDenied(_("Some of these risk points are not on this list."))
    return points


def _refusal(
    transition: Transition, point: RiskPoint, allowed: set[int], graded_level: int | None = None
) -> str:
    if point.pk not in allowed:
        return _("You may not %(action)s “%(point)s”.") % {
            "action": transition.label,
            "point": point.name,
        }
    if point.status not in transition.source_for(point):
        return _("“%(point)s” is %(status)s; “%(action)s” does not apply.") % {
            "point": point.name,
            "status": point.get_status_display(),
            "action": transition.label,
        }
    if refusal := differs_from_grading(point, graded_level):
        return refusal
    if point.level not in transition.levels:
        return _("“%(point)s” is level 1: it needs the leading group's collective decision.") % {
            "point": point.name
        }
    return ""


def _start_notice(risk_list: RiskList, days, meeting_date, minutes_ref) -> None:
    risk_list.start_notice(days or risk_list.notice_days)
    risk_list.full_clean(exclude=["unit", "last_action_by"])
    if meeting_date:
        risk_list.meeting_date, risk_list.minutes_ref = meeting_date, minutes_ref
    risk_list.save(
        update_fields=["notice_days", "notice_start", "notice_until", "meeting_date", "minutes_ref"]
    )


def _move(points, target, action, risk_list, by, comment, **meeting) -> None:
    """Set the points' status and record one sign-off each, in a fixed number of queries."""
    now, batch = timezone.now(), uuid.uuid4()
    sign_offs = []
    for point in points:
        sign_offs.append(
            SignOff(
                risk_point=point,
                risk_list=risk_list,
                action=action,
                from_status=point.status,
                to_status=target,
                by=by,
                at=now,
                comment=comment,
                batch=batch,
                content_hash=content_hash(point, list(point.measures.all())),
                **meeting,
            )
        )
        point.status, point.status_changed_at = target, now
    bulk_create_with_history(sign_offs, SignOff, default_user=by)
    bulk_update_with_history(
        points,
        RiskPoint,
        ["status", "status_changed_at", "updated_at"],
        default_user=by,
        default_change_reason=str(SignOffAction(action).label),
    )


def take_effect_due(*, now: datetime.datetime | None = None) -> int:
    """Lists whose notice period has ended take effect; revisions replace their originals."""
    now = now or timezone.now()
    on_notice = RiskPoint.objects.filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year"), status=S.ON_NOTICE
    )
    due = RiskList.objects.filter(notice_until__lte=now).filter(Exists(on_notice))
    moved = 0
    for risk_list in due:
        with transaction.atomic():
            risk_list = _claim(risk_list, None, None)
            points = list(
                RiskPoint.objects.select_for_update()
                .filter(unit_id=risk_list.unit_id, year=risk_list.year, status=S.ON_NOTICE)
                .prefetch_related("measures")
            )
            _move(points, S.ACTIVE, SignOffAction.TAKE_EFFECT, risk_list, None, "")
            for point in points:
                if point.revision_of_id:
                    _replace_original(point)
            moved += len(points)
            transaction.on_commit(partial(_announce_effect, risk_list, now))
    return moved


def _announce_effect(risk_list: RiskList, at: datetime.datetime) -> None:
    list_took_effect.send(sender=RiskList, risk_list=risk_list, at=at)


def _replace_original(revision: RiskPoint) -> None:
    """The approved revision's content becomes the original point's; the copy goes."""
    original = RiskPoint.objects.select_for_update().get(pk=revision.revision_of_id)
    for f in RiskPoint._meta.concrete_fields:
        if f.editable and f.name not in {"id", "revision_of", "code"}:
            setattr(original, f.attname, getattr(revision, f.attname))
    original._history_user = None
    original._change_reason = str(SignOffAction.TAKE_EFFECT.label)
    original.save()
    for measure in original.measures.all():
        measure._history_user = None
        measure.delete()
    measures = list(revision.measures.all())
    for measure in measures:
        measure.risk_point = original
    bulk_update_with_history(measures, Measure, ["risk_point"], default_user=None)
    sign_offs = list(revision.sign_offs.all())
    for sign_off in sign_offs:
        sign_off.risk_point = original
    bulk_update_with_history(sign_offs, SignOff, ["risk_point"], default_user=None)
    revision._history_user = None
    revision.delete()


@transaction.atomic
def open_revision(*, point: RiskPoint, by) -> RiskPoint:
    """A point in effect is revised through a draft copy; the original stays visible."""
    if not RiskPoint.objects.visible_to(by, FILL).filter(pk=point.pk).exists():
        raise PermissionDenied(_("You may not revise this risk point."))
    if point.status != S.ACTIVE:
        raise ValidationError(_("Only a point in effect is revised; edit this one directly."))
    existing = point.revisions.first()
    if existing:
        return existing
    measures = list(point.measures.all())
    revision = RiskPoint.objects.get(pk=point.pk)
    revision.pk = None
    revision.revision_of, revision.status, revision.status_changed_at = (
        point,
        S.DRAFT,
        timezone.now(),
    )
    revision._history_user = by
    revision.save()
    for measure in measures:
        measure.pk, measure.risk_point = None, revision
        measure._history_user = by
        measure.save()
    risk_list = risk_list_for(point)
    SignOff.objects.create(
        risk_point=point,
        risk_list=risk_list,
        action=SignOffAction.REVISE,
        from_status=S.ACTIVE,
        to_status=S.ACTIVE,
        by=by,
        content_hash=content_hash(point, measures),
        batch=uuid.uuid4(),
    )
    return revision


# Who acts next once points reach a status. A point on notice waits for nobody: it
# takes effect by itself when the notice ends (feedback on it is a separate task).
NEXT_HANDLER = {
    S.SUBMITTED: SIGN,
    S.DEPARTMENT_REVIEWED: REVIEW,
    S.LEADER_REVIEWED: APPROVE,
}


def next_action(point: RiskPoint, status: str) -> str | None:
    """The permission of whoever acts on ``point`` once it reaches ``status``: a point
    without a department goes from submitted straight to the unit's leaders, and a
    level-1 point there waits for the leading group's decision, not a leader alone."""
    if status == S.SUBMITTED and not point.department_id:
        status = S.LEADER_REVIEWED
    action = NEXT_HANDLER.get(status)
    if action == APPROVE and point.level not in TRANSITIONS["approve"].levels:
        return DECIDE
    return action


def _next_handlers(points: list[RiskPoint], status: str, by) -> dict:
    """{user: the points waiting for them}: each point's next handlers, so a batch mixing
    a department's points and the unit's own reaches the department head and the leaders."""
    groups: dict[tuple, list[RiskPoint]] = {}
    for point in points:
        action = next_action(point, status)
        if action is not None:
            groups.setdefault((action, point.unit_id, point.department_id), []).append(point)
    waiting: dict = {}
    for (action, _unit, department_id), group in groups.items():
        for user in users_with(action, unit=group[0].unit, department_id=department_id):
            if user != by:
                waiting.setdefault(user, []).extend(group)
    return waiting


def _notify_waiting(waiting: dict) -> None:
    """One notice per set of points, sent to everyone who waits on exactly that set."""
    by_points: dict[tuple, tuple[list, list]] = {}
    for user, group in waiting.items():
        unique = {p.pk: p for p in group}
        by_points.setdefault(tuple(sorted(unique)), (list(unique.values()), []))[1].append(user)
    notify_many(
        Notice(
            recipients=recipients,
            title=_("%(count)d risk point(s) of %(unit)s wait for you: %(status)s")
            % {"count": len(group), "unit": group[0].unit, "status": group[0].get_status_display()},
            body="\n".join(p.name for p in group[:20]),
            url=reverse("registry:my_tasks"),
        )
        for group, recipients in by_points.values()
    )


def _notify_returned(points: list[RiskPoint], by, reason: str) -> None:
    ids = [p.pk for p in points]
    signers = {
        s.by
        for s in SignOff.objects.filter(risk_point_id__in=ids)
        .exclude(action=SignOffAction.RETURN)
        .select_related("by")
        if s.by
    }
    signers.discard(by)
    notify(
        recipients=signers,
        title=_("%(count)d risk point(s) sent back") % {"count": len(points)},
        body=reason,
        url=reverse("registry:my_tasks"),
    )
