"""Rectification in the integrity index (廉洁指数, assessment app).

Registered in ``PdcaConfig.ready``: every rectification item a person owns whose
deadline fell in the year and that was not closed off (销号) by it costs points (the
same notion of "on time" as ``RectificationItem.closed_on_time`` and the trends).
"""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.models import RectificationItem

PER_LATE_ITEM, LATE_ITEM_CAP = -5, -15


def rule() -> str:
    """This term as the integrity index's formula shows it."""
    return _(
        "%(each)d per rectification item the person owns that was not closed off by its "
        "deadline in the year (still open past it, or closed late; at most %(cap)d)."
    ) % {"each": PER_LATE_ITEM, "cap": LATE_ITEM_CAP}


def rectification_terms(people, year: int, today: datetime.date | None = None) -> dict:
    """{person_id: [(label, points)]} for the people with late items (one query)."""
    today = today or timezone.localdate()
    by_user = {p.user_id: p.pk for p in people if p.user_id}
    if not by_user:
        return {}
    rows = (
        RectificationItem.objects.filter(
            owner_id__in=by_user, deadline__year=year, deadline__lt=today
        )
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gt=F("deadline")))
        .values_list("owner_id")
        .annotate(n=Count("pk"))
    )
    return {
        by_user[owner_id]: [
            (
                _("%(count)d rectification item(s) not closed by the deadline") % {"count": n},
                max(LATE_ITEM_CAP, PER_LATE_ITEM * n),
            )
        ]
        for owner_id, n in rows
    }
