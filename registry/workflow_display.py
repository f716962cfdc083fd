"""What the risk point page shows of the workflow: state, sign-offs, possible actions."""

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
    sign_offs = list(point.sign_offs.select_related("by__person"))
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
            initial={"list_version": risk_list.version if risk_list else 0}
        ),
    }


def batch_actions(user, points) -> list[tuple[str, str]]:
    """The actions a unit's batch page offers: those the user may take on at least
    one of the points shown, in the workflow's order (sending back last)."""
    names = {t.name for point in points for t in available_transitions(user, point)}
    choices = [(name, t.label) for name, t in TRANSITIONS.items() if name in names]
    if any(can_return(user, point) for point in points):
        choices.append((TransitionForm.RETURN, TransitionForm.RETURN_LABEL))
    return choices
