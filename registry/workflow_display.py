"""What the risk point page shows of the workflow: state, sign-offs, possible actions."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import RiskPointStatus
from registry.forms import TransitionForm
from registry.models import RiskList, RiskPoint
from registry.people import display_names
from registry.scoping import scope_for
from registry.services import FROZEN_STATUSES
from registry.workflow import (
    TRANSITIONS,
    Transition,
    available_transitions,
    can_return,
    content_hash,
    next_action,
    previous_status,
)


@dataclass
class ActionButton:
    """One named button on a point: the step, what it needs asked, and whether to confirm.

    ``fields`` are the names of the ``TransitionForm`` fields this step needs: a
    comment always (optional, or the reason when sending back), the meeting only for
    the leading group's decision, the notice period only for a step that starts it.
    """

    name: str
    label: str
    fields: list[str]
    confirm: str = ""
    # Needs nothing typed: the button acts at once (also from My tasks).
    one_click: bool = True


def button_for(transition: Transition) -> ActionButton:
    fields = ["comment"]
    if transition.needs_meeting:
        fields = ["meeting_date", "minutes_ref", "attendees", "comment"]
    confirm = ""
    if transition.target == RiskPointStatus.ON_NOTICE:
        fields.append("notice_days")
        confirm = str(
            _(
                "This puts the list on public notice; it takes effect when the notice ends. Continue?"
            )
        )
    return ActionButton(
        transition.name,
        str(transition.label),
        fields,
        confirm=confirm,
        one_click=not transition.needs_meeting,
    )


def return_button(points) -> ActionButton:
    # "Back to draft" is a choice only where one step back is not draft already.
    fields = ["comment"]
    if any(previous_status(p) != RiskPointStatus.DRAFT for p in points):
        fields.append("to_draft")
    return ActionButton(
        TransitionForm.RETURN, str(TransitionForm.RETURN_LABEL), fields, one_click=False
    )


def point_buttons(user, point: RiskPoint) -> list[ActionButton]:
    buttons = [button_for(t) for t in available_transitions(user, point)]
    if can_return(user, point):
        buttons.append(return_button([point]))
    return buttons


def workflow_panel(user, point: RiskPoint, measures) -> dict:
    risk_list = RiskList.objects.filter(unit_id=point.unit_id, year=point.year).first()
    fingerprint = content_hash(point, measures)
    sign_offs = list(
        point.sign_offs.select_related("by__person", "decision").prefetch_related(
            "decision__attendees__person"
        )
    )
    for sign_off in sign_offs:
        # A sign-off is outdated once the content it fingerprinted has changed.
        sign_off.outdated = sign_off.content_hash != fingerprint and sign_off.action != "return"
    related = RiskPoint.objects.filter(Q(pk=point.revision_of_id) | Q(revision_of=point)).only(
        "id", "name", "status", "revision_of_id"
    )
    return {
        "risk_list": risk_list,
        "sign_offs": sign_offs,
        "outdated_count": sum(s.outdated for s in sign_offs),
        "transitions": available_transitions(user, point),
        "buttons": point_buttons(user, point),
        "can_return": can_return(user, point),
        "can_revise": point.status == RiskPointStatus.ACTIVE
        and scope_for(user).allows("fill_register", point),
        "frozen": point.status in FROZEN_STATUSES,
        "related_revisions": list(related),
        "transition_form": TransitionForm(
            initial={"list_version": risk_list.version if risk_list else 0}, unit=point.unit
        ),
    }


@dataclass
class BatchOffer:
    """What a unit's batch page offers: the actions the user may take on at least one
    shown point (in the workflow's order, sending back last), and those points."""

    actions: list[tuple[str, str]] = field(default_factory=list)
    point_ids: set[int] = field(default_factory=set)
    needs_meeting: bool = False
    starts_notice: bool = False
    buttons: list[ActionButton] = field(default_factory=list)

    @property
    def returns(self) -> bool:
        return any(name == TransitionForm.RETURN for name, _label in self.actions)


def batch_offer(user, points) -> BatchOffer:
    offer, names = BatchOffer(), set()
    returnable = []
    for point in points:
        transitions = available_transitions(user, point)
        can_send_back = can_return(user, point)
        if transitions or can_send_back:
            offer.point_ids.add(point.pk)
        names.update(t.name for t in transitions)
        if can_send_back:
            returnable.append(point)
    offered = [t for name, t in TRANSITIONS.items() if name in names]
    offer.actions = [(t.name, t.label) for t in offered]
    offer.buttons = [button_for(t) for t in offered]
    if returnable:
        offer.actions.append((TransitionForm.RETURN, TransitionForm.RETURN_LABEL))
        offer.buttons.append(return_button(returnable))
    offer.needs_meeting = any(t.needs_meeting for t in offered)
    offer.starts_notice = any(t.target == RiskPointStatus.ON_NOTICE for t in offered)
    return offer


@dataclass
class TaskActions:
    """What My tasks offers on each point: the one-click steps, and the list version
    each form carries (one query for the whole page)."""

    buttons: dict[int, list[ActionButton]] = field(default_factory=dict)
    versions: dict[int, int] = field(default_factory=dict)

    def for_point(self, point: RiskPoint) -> list[ActionButton]:
        return self.buttons.get(point.pk, [])


def task_actions(user, points: list[RiskPoint]) -> TaskActions:
    actions = TaskActions()
    if not points:
        return actions
    lists = RiskList.objects.filter(
        unit_id__in={p.unit_id for p in points}, year__in={p.year for p in points}
    ).values_list("unit_id", "year", "version")
    version = {(unit_id, year): v for unit_id, year, v in lists}
    for point in points:
        actions.buttons[point.pk] = point_buttons(user, point)
        actions.versions[point.pk] = version.get((point.unit_id, point.year), 0)
    return actions


def outcome_message(outcome) -> str:
    """What a step did and who acts next, by name: the actor knows where the list went."""
    moved = outcome.moved
    done = _("%(count)d risk point(s) now: %(status)s.") % {
        "count": len(moved),
        "status": moved[0].get_status_display(),
    }
    if moved[0].status == RiskPointStatus.ON_NOTICE and outcome.risk_list.notice_until:
        until = timezone.localtime(outcome.risk_list.notice_until)
        return "{} {}".format(
            done,
            _("The public notice runs until %(until)s; the list then takes effect by itself.")
            % {"until": f"{until:%Y-%m-%d %H:%M}"},
        )
    if not outcome.next_handlers:
        return done
    names = display_names(u.pk for u in outcome.next_handlers)
    return "{} {}".format(
        done,
        _("Next: %(names)s (%(step)s).")
        % {
            "names": "、".join(sorted(names.values())),
            "step": next_step_label(moved[0]),
        },
    )


def next_step_label(point: RiskPoint) -> str:
    """The step that waits on ``point`` where it stands, by the name of its button."""
    action = next_action(point, point.status)
    for transition in TRANSITIONS.values():
        if transition.permission == action and point.status in transition.source_for(point):
            return str(transition.label)
    return ""
