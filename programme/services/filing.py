"""Filing upward (备案): a unit's list, as it took effect, filed with the district's
leading-group office; the office records its receipt."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.access import require_keeper
from programme.models import Filing, FilingDeadline
from registry.choices import RiskPointStatus
from registry.models import RiskPoint, Unit

# The pilot files leadership and section lists by 10 April; a district can set its
# own date per year (FilingDeadline).
DEFAULT_DEADLINE = (4, 10)


def district_of(unit: Unit) -> Unit:
    root_id = int(unit.path.strip("/").split("/")[0])
    return unit if unit.pk == root_id else Unit.objects.get(pk=root_id)


def deadline_for(unit: Unit, year: int) -> datetime.date:
    district_id = int(unit.path.strip("/").split("/")[0])
    row = FilingDeadline.objects.filter(district_id=district_id, year=year).first()
    return row.due_on if row else datetime.date(year, *DEFAULT_DEADLINE)


def list_snapshot(unit: Unit, year: int) -> list[dict]:
    """The points in effect with their measures, as plain data that later edits cannot change."""
    points = (
        RiskPoint.objects.filter(unit=unit, year=year, status=RiskPointStatus.ACTIVE)
        .select_related("department", "post", "category")
        .prefetch_related("measures")
        .order_by("code", "pk")
    )
    return [
        {
            "code": p.code,
            "name": p.name,
            "level": p.level,
            "category": p.category.name,
            "department": p.department.name if p.department else "",
            "post": p.post.name if p.post else "",
            "measures": [m.text for m in p.measures.all()],
        }
        for p in points
    ]


@transaction.atomic
def list_file(*, unit: Unit, year: int, on: datetime.date | None = None, by=None) -> Filing:
    """File the unit's list for the year; a list already filed stays as it was filed."""
    existing = Filing.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing:
        return existing
    filing = Filing(
        unit=unit,
        year=year,
        filed_on=on or timezone.localdate(),
        due_on=deadline_for(unit, year),
        snapshot=list_snapshot(unit, year),
        filed_by=by,
    )
    filing._history_user = by
    try:
        with transaction.atomic():  # a concurrent filing of the same list wins; keep it
            filing.save()
    except IntegrityError:
        return Filing.objects.get(unit=unit, year=year)
    return filing


def file_on_effect(sender, *, risk_list, **kwargs) -> None:
    """Receiver of ``registry.signals.list_took_effect``."""
    at = kwargs.get("at")
    on = timezone.localdate(at) if at else None
    list_file(unit=risk_list.unit, year=risk_list.year, on=on)


@transaction.atomic
def filing_receipt(*, filing: Filing, receipt: str, received_on: datetime.date, by) -> Filing:
    """The leading-group office confirms it received the filing."""
    filing = Filing.objects.select_for_update().select_related("unit").get(pk=filing.pk)
    require_keeper(by, district_of(filing.unit))
    if not receipt.strip():
        raise ValidationError({"receipt": _("Enter the receipt number.")})
    if received_on < filing.filed_on:
        raise ValidationError({"received_on": _("The receipt cannot predate the filing.")})
    filing.receipt, filing.received_on = receipt.strip(), received_on
    filing._history_user = by
    filing.save(update_fields=["receipt", "received_on"])
    return filing
