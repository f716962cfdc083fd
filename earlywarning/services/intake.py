"""Taking in warning information and verifying it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import is_discipline_staff
from earlywarning.choices import Verification
from earlywarning.models import DeductionRule, WarningInfo
from earlywarning.services.scoring import deduct_for_warning

MAJOR_CASE_RULE = "major_case"


def _require_discipline(by, unit) -> None:
    if by is not None and not is_discipline_staff(by, unit):
        raise PermissionDenied(
            _("Only discipline-inspection staff handle warnings about this unit.")
        )


@transaction.atomic
def warning_record(*, warning: WarningInfo, by) -> WarningInfo:
    """Record new warning information taken in by discipline staff."""
    _require_discipline(by, warning.unit)
    warning.created_by = by
    warning.verification = Verification.PENDING
    warning.full_clean()
    warning._history_user = by
    warning.save()
    return warning


def intake_from_source(
    *,
    source_type: str,
    source_id: int,
    unit,
    summary: str,
    facts: str,
    received_on: datetime.date,
    person=None,
    risk_point=None,
) -> tuple[WarningInfo, bool]:
    """Warning information for a record elsewhere (a finding, an overdue item, a report).

    Taken in once whatever happens: the unique (source, id) constraint decides
    when two workers race, and the loser gets the winner's row.
    """
    existing = WarningInfo.objects.filter(source_type=source_type, source_id=source_id).first()
    if existing:
        return existing, False
    warning = WarningInfo(
        unit=unit,
        person=person,
        risk_point=risk_point,
        source_type=source_type,
        source_id=source_id,
        received_on=received_on,
        summary=summary[:200],
        facts=facts,
    )
    warning.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            warning._history_user = None
            warning.save()
    except IntegrityError:
        return WarningInfo.objects.get(source_type=source_type, source_id=source_id), False
    return warning, True


def default_rule(source_type: str) -> DeductionRule | None:
    return (
        DeductionRule.objects.filter(source_type=source_type, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


@transaction.atomic
def warning_verify(
    *,
    warning: WarningInfo,
    found: bool,
    reason: str,
    by,
    rule: DeductionRule | None = None,
    is_major: bool = False,
    now: datetime.datetime | None = None,
) -> WarningInfo:
    """Verify warning information (or find it unfounded) with a reason.

    Verified information costs the unit, and the person if one is named, the
    points of ``rule`` in the year it was received: by default the major-case
    rule for a major case, otherwise the rule for its source.
    """
    warning = WarningInfo.objects.select_for_update().get(pk=warning.pk)
    _require_discipline(by, warning.unit)
    if warning.verification != Verification.PENDING:
        raise ValidationError(_("This warning information has already been verified."))
    if not reason.strip():
        raise ValidationError({"verification_reason": _("Give the reason for the finding.")})
    warning.verification = Verification.VERIFIED if found else Verification.UNFOUNDED
    warning.verification_reason = reason.strip()
    warning.is_major = bool(found and is_major)
    warning.verified_by = by
    warning.verified_at = now or timezone.now()
    warning._history_user = by
    warning.save()
    if found:
        if rule is None and warning.is_major:
            rule = DeductionRule.objects.filter(code=MAJOR_CASE_RULE, is_active=True).first()
        rule = rule or default_rule(warning.source_type)
        if rule is None:
            raise ValidationError(
                {"rule": _("No active deduction rule applies to this source; choose one.")}
            )
        deduct_for_warning(warning=warning, rule=rule, by=by)
    return warning


def warning_raised_received(
    sender, *, source_type, source_id, unit, summary, facts, received_on, **kwargs
) -> None:
    """``registry.signals.warning_raised``: a sibling app's record is warning information."""
    intake_from_source(
        source_type=source_type,
        source_id=source_id,
        unit=unit,
        summary=summary,
        facts=facts,
        received_on=received_on,
    )
