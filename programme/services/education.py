"""Recording integrity-education activities, who attended, and test scores."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programme.access import require_keeper
from programme.models import Attendance, EducationActivity, EducationKind
from registry.models import Person


def _check_attendees(unit, attendees) -> None:
    strangers = [p.name for p in attendees if not p.unit.path.startswith(unit.path)]
    if strangers:
        raise ValidationError(
            {
                "attendees": _("Not people of %(unit)s: %(names)s")
                % {"unit": unit, "names": "、".join(strangers)}
            }
        )


@transaction.atomic
def activity_record(
    *,
    unit,
    kind: EducationKind,
    held_on: datetime.date,
    topic: str,
    audience: str = "",
    attendees=(),
    by,
) -> EducationActivity:
    """An activity with its attendance; scores of a test are entered afterwards."""
    require_keeper(by, unit)
    attendees = list(Person.objects.filter(pk__in=[p.pk for p in attendees]).select_related("unit"))
    _check_attendees(unit, attendees)
    activity = EducationActivity(
        unit=unit,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        audience=audience.strip(),
        recorded_by=by,
    )
    activity.full_clean()
    activity._history_user = by
    activity.save()
    bulk_create_with_history(
        [Attendance(activity=activity, person=person) for person in attendees],
        Attendance,
        default_user=by,
    )
    return activity


@transaction.atomic
def scores_record(*, activity: EducationActivity, scores: dict[int, Decimal | None], by) -> int:
    """Scores of a knowledge test by attendance id; the whole sheet or nothing."""
    require_keeper(by, activity.unit)
    if not activity.kind.is_test:
        raise ValidationError(
            {"kind": _("“%(kind)s” is not a test: it has no scores.") % {"kind": activity.kind}}
        )
    rows = {a.pk: a for a in activity.attendance.select_for_update().select_related("person")}
    changed, problems = [], []
    for pk, score in scores.items():
        row = rows.get(pk)
        if row is None:
            problems.append(_("An attendance row does not belong to this activity."))
        elif score is not None and not Decimal(0) <= score <= Decimal(100):
            problems.append(
                _("%(person)s: the score must lie between 0 and 100.") % {"person": row.person}
            )
        elif row.score != score:
            row.score = score
            changed.append(row)
    if problems:
        raise ValidationError({"score": problems})
    bulk_update_with_history(changed, Attendance, ["score"], default_user=by)
    return len(changed)
