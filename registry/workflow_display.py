"""What the risk point page shows of the workflow: state, sign-offs, possible actions."""

from dataclasses import dataclass, field

from django.db.models import Q

from registry.choices import RiskPointStatus
from registry.forms import TransitionForm
from registry.models import RiskList, RiskPoint
from registry.scoping import scope_for
from registry.services import FROZEN_STATUSES
from registry.workflow import TRANSITIONS, available_transitions, can_return, content_hash


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

    @property
    def returns(self) -> bool:
        return any(name == TransitionForm.RETURN for name, _label in self.actions)


def batch_offer(user, points) -> BatchOffer:
    offer, names = BatchOffer(), set()
    returnable = False
    for point in points:
        transitions = available_transitions(user, point)
        can_send_back = can_return(user, point)
        if transitions or can_send_back:
            offer.point_ids.add(point.pk)
        names.update(t.name for t in transitions)
        returnable = returnable or can_send_back
    offered = [t for name, t in TRANSITIONS.items() if name in names]
    offer.actions = [(t.name, t.label) for t in offered]
    if returnable:
        offer.actions.append((TransitionForm.RETURN, TransitionForm.RETURN_LABEL))
    offer.needs_meeting = any(t.needs_meeting for t in offered)
    offer.starts_notice = any(t.target == RiskPointStatus.ON_NOTICE for t in offered)
    return offer
