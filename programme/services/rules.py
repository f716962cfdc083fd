"""Rule building (建章立制): rules made, revised and abolished; revision plans and their deadlines."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from programme.access import require_keeper
from programme.choices import RuleChangeKind
from programme.models import RevisionPlan, Rule, RuleChange
from registry.notifications import notify


def _check_links(unit, risk_points, measures) -> None:
    if any(point.unit_id != unit.pk for point in risk_points):
        raise ValidationError(
            {"risk_points": _("Choose risk points of %(unit)s only.") % {"unit": unit}}
        )
    point_ids = {point.pk for point in risk_points}
    if any(measure.risk_point_id not in point_ids for measure in measures):
        raise ValidationError({"measures": _("Choose measures of the chosen risk points only.")})


def _change(rule: Rule, kind: str, on: datetime.date, note: str, by) -> RuleChange:
    change = RuleChange(rule=rule, kind=kind, on=on, note=note.strip())
    change.full_clean()
    change._history_user = by
    change.save()
    return change


@transaction.atomic
def rule_make(
    *,
    unit,
    title: str,
    made_on: datetime.date,
    reference: str = "",
    risk_points=(),
    measures=(),
    by,
) -> Rule:
    """A new rule, with the risk points and measures it closes; counted as made on ``made_on``."""
    require_keeper(by, unit)
    _check_links(unit, risk_points, measures)
    rule = Rule(unit=unit, title=title.strip(), reference=reference.strip())
    rule.full_clean()
    rule._history_user = by
    rule.save()
    rule.risk_points.set(risk_points)
    rule.measures.set(measures)
    _change(rule, RuleChangeKind.NEW, made_on, "", by)
    return rule


@transaction.atomic
def rule_change(*, rule: Rule, kind: str, on: datetime.date, note: str = "", by) -> RuleChange:
    """Revise or abolish a rule in force; an abolished rule stays on record."""
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    require_keeper(by, rule.unit)
    if kind not in (RuleChangeKind.REVISED, RuleChangeKind.ABOLISHED):
        raise ValidationError(
            {"kind": _("A rule is revised or abolished; make a new rule instead.")}
        )
    if not rule.in_force:
        raise ValidationError({"kind": _("“%(rule)s” is abolished already.") % {"rule": rule}})
    made = rule.changes.filter(kind=RuleChangeKind.NEW).values_list("on", flat=True).first()
    if made and on < made:
        raise ValidationError({"on": _("The date is before the rule was made.")})
    change = _change(rule, kind, on, note, by)
    if kind == RuleChangeKind.ABOLISHED:
        rule.in_force = False
        rule._history_user = by
        rule.save(update_fields=["in_force"])
    return change


@transaction.atomic
def plan_add(*, unit, task: str, owner, due_on: datetime.date, rule=None, by) -> RevisionPlan:
    require_keeper(by, unit)
    if rule is not None and rule.unit_id != unit.pk:
        raise ValidationError({"rule": _("Choose a rule of %(unit)s.") % {"unit": unit}})
    if not owner.unit.path.startswith(unit.path):
        raise ValidationError(
            {"owner": _("The owner must be a person of %(unit)s.") % {"unit": unit}}
        )
    plan = RevisionPlan(
        unit=unit, rule=rule, task=task.strip(), owner=owner, due_on=due_on, created_by=by
    )
    plan.full_clean()
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def plan_done(*, plan: RevisionPlan, done_on: datetime.date, by) -> RevisionPlan:
    plan = RevisionPlan.objects.select_for_update().get(pk=plan.pk)
    require_keeper(by, plan.unit)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The plan cannot be done in the future.")})
    plan.done_on = done_on
    plan._history_user = by
    plan.save(update_fields=["done_on"])
    return plan


@transaction.atomic
def plans_flag_overdue(*, today: datetime.date | None = None) -> int:
    """The daily sweep: plans past their deadline and not done are flagged once, and the
    owner is told. Running it again the same day (or the next) flags nothing twice."""
    today = today or timezone.localdate()
    plans = list(
        RevisionPlan.objects.select_for_update(of=("self",))
        .filter(due_on__lt=today, done_on__isnull=True, overdue_since__isnull=True)
        .select_related("owner__user", "unit")
    )
    for plan in plans:
        plan.overdue_since = plan.due_on + datetime.timedelta(days=1)
        notify(
            recipients=[plan.owner.user, plan.created_by],
            title=_("Rule revision overdue: %(task)s (deadline %(due)s)")
            % {"task": plan.task, "due": plan.due_on.isoformat()},
            url=reverse("programme:unit", args=[plan.unit_id]),
        )
    bulk_update_with_history(
        plans,
        RevisionPlan,
        ["overdue_since"],
        default_user=None,
        default_change_reason=_("Flagged overdue by the daily sweep"),
    )
    return len(plans)
