"""Rotation control (定期轮岗): nobody holds a key post longer than ROTATION_MAX_YEARS.

The seeds ask that people in key posts (关键岗位) rotate after a fixed term. The
list shows everyone whose current tenure of a key post has passed the limit or
reaches it within ``WARN_MONTHS``; a monthly task tells each unit's
administrators and discipline staff.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import PostTenure
from registry.notifications import notify
from registry.roles import MANAGE
from registry.scoping import discipline_staff_for, paths_condition, scope_for, users_with

WARN_MONTHS = 6


def max_years() -> int:
    return settings.ROTATION_MAX_YEARS


@dataclass(frozen=True)
class RotationDue:
    tenure: PostTenure
    due_on: datetime.date  # the day the tenure reaches the limit
    overdue: bool


def _due_tenures(today: datetime.date):
    """Current tenures of active key posts that reach the limit within WARN_MONTHS."""
    latest_start = today + relativedelta(months=WARN_MONTHS) - relativedelta(years=max_years())
    return (
        PostTenure.objects.current(today)
        .filter(post__is_key_post=True, post__is_active=True, start_date__lte=latest_start)
        .select_related("person", "post__unit", "post__department")
        .order_by("post__unit__path", "start_date", "pk")
    )


def _rows(tenures, today: datetime.date) -> list[RotationDue]:
    rows = []
    for tenure in tenures:
        due_on = tenure.start_date + relativedelta(years=max_years())
        rows.append(RotationDue(tenure=tenure, due_on=due_on, overdue=due_on <= today))
    return rows


def rotation_paths(user) -> set[str] | None:
    """Subtrees whose rotation the user watches: as administrator or discipline staff.
    None means everything (superusers)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    return scope.unit_paths(MANAGE) | scope.discipline_paths


def can_watch_rotation(user) -> bool:
    return rotation_paths(user) != set()


def rotation_due_for(user, *, today: datetime.date | None = None) -> list[RotationDue]:
    """The rotation list, scoped: only units the user administers or supervises."""
    today = today or timezone.localdate()
    tenures = _due_tenures(today)
    paths = rotation_paths(user)
    if paths is not None:
        tenures = tenures.filter(paths_condition(paths, "post__unit__"))
    return _rows(tenures, today)


def notify_rotation_due(*, today: datetime.date | None = None) -> int:
    """Tell each unit's administrators and discipline staff who is due; returns units told."""
    today = today or timezone.localdate()
    by_unit: dict[int, list[RotationDue]] = {}
    for row in _rows(_due_tenures(today), today):
        by_unit.setdefault(row.tenure.post.unit_id, []).append(row)
    told = 0
    for rows in by_unit.values():
        unit = rows[0].tenure.post.unit
        # Once a month per unit, however often the job runs (a second beat, a retry).
        key = f"rotation-notice:{unit.pk}:{today:%Y-%m}"
        if not cache.add(key, 1, timeout=40 * 24 * 3600):
            continue
        recipients = set(users_with(MANAGE, unit=unit)) | set(discipline_staff_for(unit))
        try:
            _tell(unit, rows, recipients)
        except Exception:
            cache.delete(key)  # not told: the next run tries again
            raise
        told += 1
    return told


def _tell(unit, rows: list[RotationDue], recipients) -> None:
    notify(
        recipients=recipients,
        title=_("%(unit)s: %(count)s people due for rotation") % {"unit": unit, "count": len(rows)},
        body="\n".join(_line(row) for row in rows),
        url=f"{reverse('registry:rotation_due')}?unit={unit.pk}",
    )


def _line(row: RotationDue) -> str:
    tenure = row.tenure
    text = _("overdue since %(date)s") if row.overdue else _("due on %(date)s")
    return f"{tenure.person} · {post_label(tenure.post)} · " + text % {"date": row.due_on}


def post_label(post) -> str:
    """科室/岗位, or just 岗位 for a leadership post."""
    return f"{post.department}/{post.name}" if post.department_id else post.name
