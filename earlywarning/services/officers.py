"""Information officers (预警信息员): appointment, monthly reports, reminders."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import discipline_staff_by_unit, is_discipline_staff
from earlywarning.choices import ReportStatus, SourceType
from earlywarning.models import DeductionRule, InformationOfficer, OfficerReport
from earlywarning.services.intake import intake_from_source
from earlywarning.services.scoring import deduct_for_missing_reports
from registry.notifications import Notice, notify_many

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
    In bulk: the same few queries for ten officers or ten thousand.
    """
    today = today or timezone.localdate()
    periods = [previous_month(month_start(today)), month_start(today)]
    officers = InformationOfficer.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=periods[0]), appointed_on__lt=today
    ).select_related("unit", "person__user")
    filed = set(
        OfficerReport.objects.filter(period__in=periods).values_list("officer_id", "period")
    )
    missing = [
        (officer, period)
        for officer in officers
        for period in periods
        if (officer.pk, period) not in filed and _fell_due(officer, period, today)
    ]
    if not missing:
        return 0
    rule = DeductionRule.objects.filter(code=MISSING_REPORT_RULE, is_active=True).first()
    return _mark_missing(missing, rule)


def _fell_due(officer: InformationOfficer, period: datetime.date, today: datetime.date) -> bool:
    due = officer.due_date(period)
    return officer.appointed_on <= due < today and not (officer.ended_on and officer.ended_on < due)


@transaction.atomic
def _mark_missing(missing: list[tuple], rule) -> int:
    officers = {officer.pk: officer for officer, _period in missing}
    stamp = timezone.now()  # marks this run's rows: another run's are not ours to count
    OfficerReport.objects.bulk_create(
        [
            OfficerReport(
                officer=officer, period=period, status=ReportStatus.MISSING, reminded_at=stamp
            )
            for officer, period in missing
        ],
        ignore_conflicts=True,
    )
    reports = list(
        OfficerReport.objects.filter(
            officer_id__in=officers, status=ReportStatus.MISSING, reminded_at=stamp
        )
    )
    OfficerReport.history.bulk_history_create(reports, default_user=None)
    for report in reports:
        report.officer = officers[report.officer_id]
    if rule:
        deduct_for_missing_reports(reports=reports, rule=rule)
    staff = discipline_staff_by_unit({o.unit for o in officers.values()})
    notify_many(_reminder(officers[r.officer_id], r.period, staff) for r in reports)
    return len(reports)


def _reminder(officer: InformationOfficer, period: datetime.date, staff: dict) -> Notice:
    recipients = set(staff[officer.unit_id])
    if officer.person.user_id:
        recipients.add(officer.person.user)
    return Notice(
        recipients=recipients,
        title=_("Monthly warning report missing: %(unit)s, %(month)s")
        % {"unit": officer.unit, "month": period.strftime("%Y-%m")},
        body=_("%(person)s has not filed the report due on %(due)s. Please file it now.")
        % {"person": officer.person, "due": officer.due_date(period).isoformat()},
        url=reverse("earlywarning:report_create", args=[officer.pk]),
    )
