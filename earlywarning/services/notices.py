"""Issuing numbered warning and rectification notices."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import is_discipline_staff
from earlywarning.models import Notice, NoticeSeries
from registry.notifications import notify
from registry.roles import APPROVE
from registry.scoping import users_with


def next_number(*, kind: str, year: int) -> int:
    """The next number in the kind's series for the year; the series row stays locked
    until the caller's transaction ends, so two notices never share a number."""
    NoticeSeries.objects.get_or_create(kind=kind, year=year)
    series = NoticeSeries.objects.select_for_update().get(kind=kind, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


@transaction.atomic
def notice_issue(*, notice: Notice, by, now: datetime.datetime | None = None) -> Notice:
    """Number the notice in its yearly series and record it as issued, to whom and by whom."""
    now = now or timezone.now()
    if not is_discipline_staff(by, notice.unit):
        raise PermissionDenied(_("Only discipline-inspection staff issue notices to this unit."))
    if not notice.warning.is_verified:
        raise ValidationError(_("Notices are issued only on verified warning information."))
    notice.year = timezone.localtime(now).year
    notice.number = next_number(kind=notice.kind, year=notice.year)
    notice.issued_by = by
    notice.issued_at = now
    notice.full_clean()
    notice._history_user = by
    notice.save()
    notify(
        recipients=users_with(APPROVE, unit=notice.unit),
        title=_("%(kind)s %(reference)s was issued to your unit")
        % {"kind": notice.get_kind_display(), "reference": notice.reference},
        body=notice.required_action,
        url=reverse("earlywarning:notice_detail", args=[notice.pk]),
    )
    return notice
