"""Adopting the assessment app's rectification notices (整改通知书) into rectification items."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessment.models import RectificationNotice
from pdca.choices import RectificationSource
from pdca.models import Cycle, FindingSource, RectificationItem
from registry.choices import Role
from registry.models import RoleAssignment

# Who answers for an unqualified unit's rectification, in order of preference.
OWNER_ROLES = [Role.UNIT_LEADER, Role.LEADING_GROUP, Role.LEADER_IN_CHARGE]


def adopt_rectification_notices(*, by=None) -> int:
    """Turn every notice not yet adopted into an item owned by the unit's main leader.

    Notices of units with no leader on record stay unadopted (and are tried again next
    time). Two workers at once skip each other's locked notices; the one-to-one link is
    the backstop.
    """
    with transaction.atomic():
        notices = list(
            RectificationNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(adopted_at__isnull=True)
            .select_related("unit")
        )
        owners = _owners({n.unit_id for n in notices})
        adoptable = [n for n in notices if n.unit_id in owners]
        cycles = _cycles(adoptable)
        source = FindingSource.objects.get(code=RectificationSource.RECTIFICATION_NOTICE)
        items = [
            RectificationItem(
                notice=n,
                unit=n.unit,
                cycle_id=cycles.get((n.unit.path.split("/")[1], n.year)),
                source=source,
                title=n.text[:255],
                owner_id=owners[n.unit_id],
                inspector_id=n.issued_by_id,
                deadline=n.deadline,
            )
            for n in adoptable
        ]
        bulk_create_with_history(items, RectificationItem, default_user=by, batch_size=1000)
        now = timezone.now()
        for notice in adoptable:
            notice.adopted_at = now
        bulk_update_with_history(adoptable, RectificationNotice, ["adopted_at"], default_user=by)
    return len(adoptable)


def _owners(unit_ids: set[int]) -> dict[int, int]:
    """{unit id: user id} of each unit's most senior role holder."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = RoleAssignment.objects.filter(
        unit_id__in=unit_ids, role__in=OWNER_ROLES, user__is_active=True
    ).order_by("pk")
    for unit_id, role, user_id in rows.values_list("unit_id", "role", "user_id"):
        found[unit_id].setdefault(role, user_id)
    return {
        unit_id: next(by_role[r] for r in OWNER_ROLES if r in by_role)
        for unit_id, by_role in found.items()
    }


def _cycles(notices) -> dict[tuple[str, int], int]:
    """{(district id as in the path, year): cycle id} for the notices' districts and years."""
    years = {n.year for n in notices}
    rows = Cycle.objects.filter(year__in=years).values_list("district_id", "year", "pk")
    return {(str(district), year): pk for district, year, pk in rows}
