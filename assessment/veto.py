"""一票否决: recording a veto on a unit's appraisal, withdrawing it, and what the
appraisal's grade means for honours (评先评优).

A veto is recorded or withdrawn by the unit's discipline-inspection staff at any
time of the year, before or after the results are published: the facts behind it
(a serious case, a major integrity incident, refusing to rectify) come when they
come. Each write stores the final grade again (``Appraisal.final_grade``), so every
page, export and report that reads the grade agrees, and tells the unit's leaders.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.access import is_assessor
from assessment.models import Appraisal, AppraisalVeto, HonoursEligibility, VetoRule
from registry import uploads
from registry.notifications import notify
from registry.roles import APPROVE
from registry.scoping import users_with


def _require_discipline_staff(user, appraisal: Appraisal) -> None:
    if not is_assessor(user, appraisal.unit):
        raise PermissionDenied(
            _("Only the discipline-inspection staff over %(unit)s record or withdraw a veto.")
            % {"unit": appraisal.unit}
        )


@transaction.atomic
def veto_record(
    *, appraisal: Appraisal, rule: VetoRule | None, facts: str, evidence=None, by
) -> AppraisalVeto:
    """Apply a veto item to the appraisal: its grade becomes unqualified, whatever the score."""
    _require_discipline_staff(by, appraisal)
    appraisal = Appraisal.objects.select_for_update().select_related("unit").get(pk=appraisal.pk)
    errors = {}
    if rule is None or not rule.is_active:
        errors["rule"] = _("Choose a veto item that is in use.")
    if not facts.strip():
        errors["facts"] = _("State the facts the veto rests on.")
    if errors:
        raise ValidationError(errors)
    if evidence:
        try:
            uploads.check(evidence, kind="appraisal")
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    veto = AppraisalVeto(
        appraisal=appraisal,
        rule=rule,
        facts=facts.strip(),
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    if evidence:
        veto.evidence, veto.evidence_name = evidence, evidence.name
    veto._history_user = by
    veto.save()
    _settle_grade(appraisal, by)
    _tell_the_unit(
        appraisal,
        by,
        _("Appraisal %(year)d: veto recorded (%(item)s)") % {"year": appraisal.year, "item": rule},
    )
    return veto


@transaction.atomic
def veto_withdraw(*, veto: AppraisalVeto, reason: str, by) -> AppraisalVeto:
    """Withdraw a veto with a reason (kept in its history); the grade follows the score again."""
    _require_discipline_staff(by, veto.appraisal)
    appraisal = (
        Appraisal.objects.select_for_update().select_related("unit").get(pk=veto.appraisal_id)
    )
    veto = AppraisalVeto.objects.select_for_update().select_related("rule").get(pk=veto.pk)
    if not veto.is_standing:
        raise ValidationError(_("This veto has already been withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing the veto.")})
    veto.withdrawn_at, veto.withdrawn_by, veto.withdrawal_reason = (
        timezone.now(),
        by,
        reason.strip(),
    )
    veto._history_user = by
    veto.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _settle_grade(appraisal, by)
    _tell_the_unit(
        appraisal,
        by,
        _("Appraisal %(year)d: veto withdrawn (%(item)s)")
        % {"year": appraisal.year, "item": veto.rule},
    )
    return veto


def _settle_grade(appraisal: Appraisal, by) -> None:
    appraisal.forget_vetoes()
    grade = appraisal.final_grade()
    if grade != appraisal.grade:
        appraisal.grade = grade
        appraisal._history_user = by
        appraisal.save(update_fields=["grade"])


def _tell_the_unit(appraisal: Appraisal, by, title: str) -> None:
    recipients = list(users_with(APPROVE, unit=appraisal.unit).exclude(pk=getattr(by, "pk", None)))
    if recipients:
        notify(
            recipients=recipients,
            title=title,
            url=reverse("assessment:appraisal_detail", args=[appraisal.pk]),
        )


def honours_eligibility(year: int, units) -> dict[int, HonoursEligibility]:
    """{unit id: eligibility for 评先评优 in ``year``} in two queries, for any number of units."""
    ids = [getattr(u, "pk", u) for u in units]
    appraisals = Appraisal.objects.filter(year=year, unit_id__in=ids).with_vetoes()
    found = {a.unit_id: a.honours_eligibility() for a in appraisals}
    return {pk: found.get(pk) or not_appraised(year) for pk in ids}


def not_appraised(year: int) -> HonoursEligibility:
    """A unit without an appraisal that year has nothing against it."""
    return HonoursEligibility(True, _("No appraisal for %(year)d.") % {"year": year})


def unit_honours(unit, year: int) -> tuple[Appraisal | None, HonoursEligibility]:
    """The unit's appraisal of ``year`` (with its standing vetoes), if any, and its
    评先评优 eligibility, for a unit's page."""
    appraisal = Appraisal.objects.filter(unit=unit, year=year).with_vetoes().first()
    return appraisal, appraisal.honours_eligibility() if appraisal else not_appraised(year)
