"""Information officers (预警信息员): appointment, monthly reports, reminders."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import discipline_staff_for, is_discipline_staff
from earlywarning.choices import ReportStatus, SourceType
from earlywarning.models import DeductionRule, InformationOfficer, OfficerReport
from earlywarning.services.intake import intake_from_source
from earlywarning.services.scoring import deduct_for_missing_report
from registry.notifications import notify

MISSING_REPORT_RULE = "missing_officer_report"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(period: datetime.date) -> datetime.date:
    return month_start(period - datetime.timedelta(days=1))


@transaction.atomic
def officer_appoint(
    *, unit, person, appointed_on: datetime.date, report_day: int = 28, by
) -> InformationOfficer:
    if not is_discipline_staff(by, unit):
        raise PermissionDenied(_("Only discipline-inspection staff appoint officers in this unit."))
    officer = InformationOfficer(
        unit=unit, person=person, appointed_on=appointed_on, report_day=report_day
    )
    officer.full_clean()
    officer._history_user = by
    officer.save()
    return officer


@transaction.atomic
def officer_end(*, officer: InformationOfficer, ended_on: datetime.date, by) -> None:
    if not is_discipline_staff(by, officer.unit):
        raise PermissionDenied(_("Only discipline-inspection staff appoint officers in this unit."))
    if ended_on < officer.appointed_on:
        raise ValidationError({"ended_on": _("The appointment cannot end before it began.")})
    officer.ended_on = ended_on
    officer._history_user = by
    officer.save()


def may_report_for(user, officer: InformationOfficer) -> bool:
    own = officer.person.user_id is not None and officer.person.user_id == user.pk
    return own or is_discipline_staff(user, officer.unit)


@transaction.atomic
def report_submit(
    *,
    officer: InformationOfficer,
    period: datetime.date,
    content: str,
    issues: str = "",
    by,
    now: datetime.datetime | None = None,
) -> OfficerReport:
    """File the month's report; problems it names become warning information to verify."""
    now = now or timezone.now()
    period = month_start(period)
    if not may_report_for(by, officer):
        raise PermissionDenied(_("Only the officer or discipline staff file this report."))
    if not content.strip():
        raise ValidationError(
            {"content": _("Write the report, or state that there is nothing to report.")}
        )
    report = (
        OfficerReport.objects.select_for_update().filter(officer=officer, period=period).first()
    )
    if report and report.status != ReportStatus.MISSING:
        raise ValidationError({"period": _("The report for this month has already been filed.")})
    on_time = timezone.localdate(now) <= officer.due_date(period)
    report = report or OfficerReport(officer=officer, period=period)
    report.status = ReportStatus.SUBMITTED if on_time else ReportStatus.LATE
    report.content, report.issues, report.submitted_at = content.strip(), issues.strip(), now
    report._history_user = by
    report.save()
    if report.issues:
        intake_from_source(
            source_type=SourceType.OFFICER_REPORT,
            source_id=report.pk,
            unit=officer.unit,
            summary=report.issues.splitlines()[0],
            facts=report.issues,
            received_on=timezone.localdate(now),
        )
    return report


def remind_missing_reports(*, today: datetime.date | None = None) -> int:
    """From the day after a report fell due: mark it missing, remind, deduct once.

    Looks at last month and this month, so a day the beat missed is caught up.
    """
    today = today or timezone.localdate()
    periods = [previous_month(month_start(today)), month_start(today)]
    officers = InformationOfficer.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=periods[0]), appointed_on__lt=today
    ).select_related("unit", "person__user")
    filed = set(
        OfficerReport.objects.filter(period__in=periods).values_list("officer_id", "period")
    )
    rule = DeductionRule.objects.filter(code=MISSING_REPORT_RULE, is_active=True).first()
    marked = 0
    for officer in officers:
        for period in periods:
            due = officer.due_date(period)
            if (officer.pk, period) in filed or not (officer.appointed_on <= due < today):
                continue
            if officer.ended_on and officer.ended_on < due:
                continue
            marked += _mark_missing(officer, period, rule)
    return marked


def _mark_missing(officer: InformationOfficer, period: datetime.date, rule) -> int:
    try:
        with transaction.atomic():
            report = OfficerReport.objects.create(
                officer=officer,
                period=period,
                status=ReportStatus.MISSING,
                reminded_at=timezone.now(),
            )
            if rule:
                deduct_for_missing_report(report=report, rule=rule)
            recipients = list(discipline_staff_for(officer.unit))
            if officer.person.user_id:
                recipients.append(officer.person.user)
            notify(
                recipients=recipients,
                title=_("Monthly warning report missing: %(unit)s, %(month)s")
                % {"unit": officer.unit, "month": period.strftime("%Y-%m")},
                body=_("%(person)s has not filed the report due on %(due)s. Please file it now.")
                % {"person": officer.person, "due": officer.due_date(period).isoformat()},
                url=reverse("earlywarning:report_create", args=[officer.pk]),
            )
    except IntegrityError:  # another run marked it first
        return 0
    return 1
