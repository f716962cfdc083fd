"""Information officers: appointment, monthly reports, the next-day reminder, the quarter's analysis."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from earlywarning.choices import ReportStatus, SourceType
from earlywarning.models import Deduction, InformationOfficer, OfficerReport, WarningInfo
from earlywarning.services.officers import officer_appoint, remind_missing_reports, report_submit
from earlywarning.standing import unit_standing
from registry.models import Notification


@pytest.fixture
def officer(people, users, org) -> InformationOfficer:
    return officer_appoint(
        unit=org.finance,
        person=people["buyer"],  # 王采购, who logs in as "staff"
        appointed_on=datetime.date(2026, 1, 1),
        by=users["inspector"],
    )


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_due_day_defaults_to_the_28th_and_clips_to_short_months(officer):
    assert officer.report_day == 28
    officer.report_day = 31
    assert officer.due_date(datetime.date(2026, 2, 1)) == datetime.date(2026, 2, 28)
    assert officer.due_date(datetime.date(2026, 4, 1)) == datetime.date(2026, 4, 30)


def test_the_officer_files_a_report_and_its_problems_become_information(officer, users):
    report = report_submit(
        officer=officer,
        period=datetime.date(2026, 3, 1),
        content="本月走访窗口两次。",
        issues="窗口人员收取办事群众土特产",
        by=users["staff"],
        now=at(datetime.date(2026, 3, 20)),
    )
    assert report.status == ReportStatus.SUBMITTED
    warning = WarningInfo.objects.get(source_type=SourceType.OFFICER_REPORT)
    assert (warning.source_id, warning.unit) == (report.pk, officer.unit)


def test_no_reminder_before_or_on_the_due_day(officer, users):
    report_submit(officer=officer, period=datetime.date(2026, 2, 1), content="x", by=users["staff"])
    assert remind_missing_reports(today=datetime.date(2026, 3, 28)) == 0
    assert not OfficerReport.objects.filter(period=datetime.date(2026, 3, 1)).exists()


def test_a_missing_report_is_reminded_the_next_day_once_and_costs_a_point(
    officer, users, org, django_capture_on_commit_callbacks
):
    # February was filed on time; March was not.
    report_submit(
        officer=officer,
        period=datetime.date(2026, 2, 1),
        content="无新情况",
        by=users["staff"],
        now=at(datetime.date(2026, 2, 27)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_missing_reports(today=datetime.date(2026, 3, 29)) == 1
    assert remind_missing_reports(today=datetime.date(2026, 3, 30)) == 0
    missing = OfficerReport.objects.get(period=datetime.date(2026, 3, 1))
    assert missing.status == ReportStatus.MISSING and missing.reminded_at
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"staff", "inspector"}
    deduction = Deduction.objects.get(officer_report=missing)
    assert (deduction.rule.code, deduction.points, deduction.person) == (
        "missing_officer_report",
        1,
        None,
    )
    assert unit_standing(org.finance, 2026).points == 1

    # Filed late, the report replaces the missing mark; the deduction stays.
    late = report_submit(
        officer=officer,
        period=datetime.date(2026, 3, 1),
        content="补报",
        by=users["staff"],
        now=at(datetime.date(2026, 3, 31)),
    )
    assert late.pk == missing.pk and late.status == ReportStatus.LATE
    assert Deduction.objects.count() == 1


def test_a_report_is_filed_once_a_month(officer, users):
    from django.core.exceptions import ValidationError

    kwargs = dict(officer=officer, period=datetime.date(2026, 3, 1), content="x", by=users["staff"])
    report_submit(**kwargs)
    with pytest.raises(ValidationError):
        report_submit(**kwargs)


def test_others_may_not_file_for_the_officer(officer, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_submit(
            officer=officer, period=datetime.date(2026, 3, 1), content="x", by=users["leader"]
        )


def test_the_officer_files_through_the_page(officer, users, login):
    client = login(users["staff"])
    assert "王采购" in client.get(reverse("earlywarning:officer_list")).content.decode()
    response = client.post(
        reverse("earlywarning:report_create", args=[officer.pk]),
        {"period": "2026-03", "content": "本月无异常"},
    )
    assert response.status_code == 302
    assert OfficerReport.objects.get().period == datetime.date(2026, 3, 1)


def test_discipline_staff_appoint_through_the_page(users, login, people):
    client = login(users["inspector"])
    response = client.post(
        reverse("earlywarning:officer_list"),
        {"person": people["director"].pk, "appointed_on": "2026-01-05", "report_day": 25},
    )
    assert response.status_code == 302
    assert InformationOfficer.objects.get().report_day == 25
    assert login(users["leader"]).post(reverse("earlywarning:officer_list"), {}).status_code == 403


def test_quarterly_analysis_shows_reports_and_verified_items_per_unit(
    officer, users, login, make_warning, org
):
    report_submit(
        officer=officer,
        period=datetime.date(2026, 1, 1),
        content="x",
        by=users["staff"],
        now=at(datetime.date(2026, 1, 10)),
    )
    report_submit(
        officer=officer,
        period=datetime.date(2026, 2, 1),
        content="x",
        by=users["staff"],
        now=at(datetime.date(2026, 3, 2)),
    )
    make_warning(verified=True, received_on=datetime.date(2026, 2, 3))
    make_warning(summary="待核", received_on=datetime.date(2026, 3, 3))
    make_warning(summary="二季度", received_on=datetime.date(2026, 4, 3))
    response = login(users["inspector"]).get(
        reverse("earlywarning:analysis"), {"year": 2026, "quarter": 1}
    )
    [row] = response.context["rows"]
    assert (row["unit"], row["officers"], row["on_time"], row["late"]) == (org.finance, 1, 1, 1)
    assert (row["received"], row["verified"]) == (2, 1)
