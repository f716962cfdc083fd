"""What the risk point page shows of the workflow: state, sign-offs, possible actions."""

from django.db.models import Q

from registry.choices import RiskPointStatus
from registry.forms import TransitionForm
from registry.models import RiskList, RiskPoint
from registry.scoping import scope_for
from registry.services import FROZEN_STATUSES
from registry.workflow import available_transitions, can_return, content_hash


def workflow_panel(user, point: RiskPoint, measures) -> dict:
    risk_list = RiskList.objects.filter(unit_id=point.unit_id, year=point.year).first()
    fingerprint = content_hash(point, measures)
    sign_offs = list(
        point.sign_offs.select_related("by", "decision").prefetch_related(
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
