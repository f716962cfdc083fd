"""Handling a case in the browser's pages: record a step, raise or lower it, close it."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.choices import CaseStatus, Step
from earlywarning.models import DisposalCase


def test_open_a_case_from_verified_information(make_warning, users, login):
    warning = make_warning(verified=True)
    client = login(users["inspector"])
    response = client.post(reverse("earlywarning:case_open", args=[warning.pk]))
    case = DisposalCase.objects.get()
    assert response.url == reverse("earlywarning:case_detail", args=[case.pk])
    assert case.step == Step.REMINDER
    # A second case for the same information is refused with a message.
    again = client.post(reverse("earlywarning:case_open", args=[warning.pk]), follow=True)
    assert DisposalCase.objects.count() == 1
    assert (
        _("A disposal case is already open for this warning information.") in again.content.decode()
    )


def test_unverified_information_is_not_taken_into_disposal(make_warning, users, login):
    warning = make_warning()
    login(users["inspector"]).post(reverse("earlywarning:case_open", args=[warning.pk]))
    assert not DisposalCase.objects.exists()


def test_record_an_interview_with_a_rectification_deadline(open_case, users, login):
    case = open_case(now=timezone.now())
    client = login(users["inspector"])
    client.post(
        reverse("earlywarning:case_move", args=[case.pk]),
        {"direction": "up", "reason": "问题集中"},
    )
    client.post(
        reverse("earlywarning:case_move", args=[case.pk]),
        {"direction": "up", "reason": "函询未按期答复"},
    )
    case.refresh_from_db()
    assert case.step == Step.INTERVIEW
    deadline = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(
        reverse("earlywarning:case_record", args=[case.pk]),
        {
            "interview_at": "2026-04-01T10:00",
            "interview_minutes": "约谈局长，提出三条整改要求。",
            "rectification_deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.interview_minutes.startswith("约谈局长")
    assert timezone.localtime(case.deadline).date() == deadline


def test_a_move_without_reason_names_the_field(open_case, users, login):
    case = open_case()
    response = login(users["inspector"]).post(
        reverse("earlywarning:case_move", args=[case.pk]), {"direction": "up", "reason": ""}
    )
    assert response.status_code == 400
    assert "reason" in response.context["move_form"].errors


def test_closing_needs_resolution_and_evidence(open_case, users, login):
    case = open_case()
    client = login(users["inspector"])
    url = reverse("earlywarning:case_close", args=[case.pk])
    response = client.post(url, {"resolution": "已整改", "evidence": ""})
    assert response.status_code == 400 and "evidence" in response.context["close_form"].errors
    client.post(url, {"resolution": "已重新招标", "evidence": "招标文件与中标公告"})
    case.refresh_from_db()
    assert (case.status, case.evidence) == (CaseStatus.CLOSED, "招标文件与中标公告")


def test_the_unit_reads_its_case_but_cannot_act(open_case, users, login):
    case = open_case()
    leader = login(users["leader"])
    page = leader.get(reverse("earlywarning:case_detail", args=[case.pk]))
    assert page.status_code == 200 and 'id="move-panel"' not in page.content.decode()
    response = leader.post(
        reverse("earlywarning:case_move", args=[case.pk]), {"direction": "up", "reason": "x"}
    )
    assert response.status_code == 403
    assert (
        login(users["taxhead"]).get(reverse("earlywarning:case_detail", args=[case.pk])).status_code
        == 404
    )
