"""Major-matter pre-reports: report before the meeting, a reminder card, the decision record;
late or missing reports become warning information."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from earlywarning.models import WarningInfo
from programme.models import MatterKind, PreReport
from programme.services import prereports as service

TODAY = datetime.date(2026, 11, 1)


def report(org, users, days_ahead: int, who="leader"):
    return service.prereport_submit(
        unit=org.finance, kind=MatterKind.FUNDS, subject="专项资金分配方案",
        amount=1200, meeting_date=TODAY + datetime.timedelta(days=days_ahead),
        by=users[who], today=TODAY,
    )  # fmt: skip


def test_a_report_seven_days_ahead_is_on_time(org, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        on_time = report(org, users, 7)
    assert not on_time.is_late and not on_time.is_missing
    assert not WarningInfo.objects.exists()


@pytest.mark.parametrize("days, words", [(3, "报告较晚"), (0, "未事前报告")])
def test_late_or_missing_reports_are_warning_information(
    org, users, django_capture_on_commit_callbacks, days, words
):
    with django_capture_on_commit_callbacks(execute=True):
        late = report(org, users, days)
    warning = WarningInfo.objects.get()
    assert (warning.source_type, warning.source_id, warning.unit) == (
        "major_matter", late.pk, org.finance
    )  # fmt: skip
    assert words in warning.summary and "专项资金分配方案" in warning.summary


def test_the_days_required_are_a_setting(org, users, settings):
    settings.MAJOR_MATTER_NOTICE_DAYS = 10
    assert report(org, users, 8).is_late


def test_only_leaders_or_keepers_report(org, users):
    with pytest.raises(PermissionDenied):
        report(org, users, 7, who="staff")
    with pytest.raises(PermissionDenied):
        report(org, users, 7, who="taxhead")


def test_discipline_staff_answer_with_a_numbered_reminder_card(org, users):
    pre = report(org, users, 9)
    with pytest.raises(PermissionDenied):
        service.prereport_answer(report=pre, body="提醒", by=users["leader"])
    pre = service.prereport_answer(report=pre, body="严格执行集体决策程序。", by=users["inspector"])
    card = pre.reminder_card
    assert card.kind.name == "廉政提醒卡" and card.number == 1 and card.unit == org.finance
    with pytest.raises(ValidationError):
        service.prereport_answer(report=pre, body="again", by=users["inspector"])


def test_the_decision_record_is_checked_and_filed(org, users):
    pre = report(org, users, 9)
    record = dict(
        decided_on=TODAY, attendees=5, votes_for=5, votes_against=1, abstentions=0,
        leader_spoke_last=True, discipline_present=True, minutes="党组会纪要",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        service.decision_file(report=pre, by=users["leader"], **record)
    assert "attendees" in error.value.message_dict
    record["votes_for"] = 4
    pre = service.decision_file(report=pre, by=users["leader"], **record)
    assert pre.is_decided and pre.leader_spoke_last and pre.filed_by == users["leader"]


def test_the_pages_report_answer_and_file(org, users, login):
    # One test client: ``as_`` signs it in as the next user.
    def as_(name):
        return login(users[name])

    meeting = datetime.date.today() + datetime.timedelta(days=10)
    response = as_("leader").post(
        reverse("programme:prereport_create"),
        {"unit": org.finance.pk, "kind": "project", "subject": "办公楼维修改造",
         "amount": "380", "meeting_date": meeting.isoformat()},
    )  # fmt: skip
    pre = PreReport.objects.get()
    assert response.status_code == 302
    detail = reverse("programme:prereport_detail", args=[pre.pk])
    assert "card-form" not in as_("leader").get(detail).content.decode()
    assert "card-form" in as_("inspector").get(detail).content.decode()
    as_("inspector").post(reverse("programme:prereport_answer", args=[pre.pk]), {"body": "提醒事项"})
    pre.refresh_from_db()
    page = as_("leader").get(detail).content.decode()
    assert pre.reminder_card.reference in page
    assert as_("leader").get(reverse("programme:prereport_list")).status_code == 200
    assert login(users["taxhead"]).get(detail).status_code == 404
    assert login(users["staff"]).get(
        reverse("programme:prereport_decision", args=[pre.pk])
    ).status_code == 403
