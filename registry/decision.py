"""The leading group's collective decision on a unit's list (集体研究确定).

Level-1 points are decided by the leading group in a meeting, not by the main
leader alone. A member records it (the DECIDE permission, which only the
leading-group role grants), naming the members who attended, the meeting date
and the minutes reference; ``registry.workflow`` calls this inside the
transition's transaction, so a refused meeting moves no point.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import CollectiveDecision, RiskList
from registry.roles import DECIDE
from registry.scoping import users_with


def leading_group(unit):
    """The active members of the unit's leading group: who may attend and record its decisions."""
    return users_with(DECIDE, unit=unit)


def record_decision(
    *, risk_list: RiskList, points, by, meeting_date, minutes_ref: str, attendees
) -> CollectiveDecision:
    """The meeting behind a collective decision, checked against the leading group.

    Runs inside the transition's transaction, after the recorder's DECIDE on the
    points was checked: the attendees must be members of the unit's leading group
    and more than half of it, the date no later than today and no earlier than
    the day the last point reached the group, the minutes not another meeting's.
    """
    members = {u.pk: u for u in leading_group(risk_list.unit)}
    attendees = list({u.pk: u for u in attendees}.values())
    problems = []
    strangers = [u for u in attendees if u.pk not in members]
    if strangers:
        problems.append(
            _("Not members of the leading group of %(unit)s: %(names)s")
            % {"unit": risk_list.unit, "names": "、".join(_name(u) for u in strangers)}
        )
    elif len(attendees) * 2 <= len(members):
        problems.append(
            _(
                "A collective decision needs more than half of the leading group: %(present)d of %(members)d attended."
            )
            % {"present": len(attendees), "members": len(members)}
        )
    arrived = (
        max(timezone.localdate(p.status_changed_at) for p in points if p.status_changed_at)
        if points
        else None
    )
    if meeting_date > timezone.localdate():
        problems.append(_("The meeting date %(date)s is in the future.") % {"date": meeting_date})
    elif arrived and meeting_date < arrived:
        problems.append(
            _(
                "The meeting on %(date)s was held before the points reached the leading group on %(arrived)s."
            )
            % {"date": meeting_date, "arrived": arrived}
        )
    reused = CollectiveDecision.objects.filter(
        risk_list__unit_id=risk_list.unit_id, minutes_ref=minutes_ref.strip()
    ).exclude(meeting_date=meeting_date)
    if reused.exists():
        problems.append(
            _("The minutes %(ref)s belong to the meeting of %(date)s.")
            % {"ref": minutes_ref.strip(), "date": reused.first().meeting_date}
        )
    if problems:
        raise ValidationError(problems)
    decision = CollectiveDecision.objects.create(
        risk_list=risk_list,
        meeting_date=meeting_date,
        minutes_ref=minutes_ref.strip(),
        recorded_by=by,
    )
    decision.attendees.set(attendees)
    return decision


def _name(user) -> str:
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.username)
