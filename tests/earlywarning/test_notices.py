"""Warning and rectification notices: numbered per kind and year as documents, issued to
someone, printable on A4 and downloadable as PDF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from earlywarning.choices import NoticeKind
from earlywarning.models import Notice
from earlywarning.services.notices import notice_issue


def issue(warning, by, kind=NoticeKind.WARNING, when=None):
    return notice_issue(
        notice=Notice(
            kind=kind,
            unit=warning.unit,
            warning=warning,
            issued_to="区财政局党组",
            facts="采购中央空调未公开招标。",
            required_action="重新组织招标，书面报告整改结果。",
            deadline=datetime.date(2026, 5, 1),
        ),
        by=by,
        now=when or timezone.make_aware(datetime.datetime(2026, 3, 10, 9)),
    )


def test_numbers_run_per_kind_and_restart_each_year(make_warning, users):
    warning = make_warning(verified=True)
    inspector = users["inspector"]
    first, second = issue(warning, inspector), issue(warning, inspector)
    other = issue(warning, inspector, kind=NoticeKind.RECTIFICATION)
    next_year = issue(warning, inspector, when=timezone.make_aware(datetime.datetime(2027, 1, 3)))
    assert [n.reference for n in (first, second, other, next_year)] == [
        "预〔2026〕第1号",
        "预〔2026〕第2号",
        "改〔2026〕第1号",
        "预〔2027〕第1号",
    ]
    assert (first.issued_by, first.issued_to) == (inspector, "区财政局党组")


def test_notices_only_on_verified_information_and_by_discipline_staff(make_warning, users):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        issue(make_warning(), users["inspector"])
    with pytest.raises(PermissionDenied):
        issue(make_warning(summary="x", verified=True), users["leader"])


def test_issue_through_the_page_and_print_it(make_warning, users, login):
    warning = make_warning(verified=True)
    client = login(users["inspector"])
    url = reverse("earlywarning:notice_create", args=[warning.pk, "rectification"])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "kind": "rectification",
            "issued_to": "区财政局党组、周局长",
            "facts": "采购中央空调未公开招标。",
            "required_action": "限期重新招标。",
            "deadline": "2099-05-01",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.kind == NoticeKind.RECTIFICATION
    page = login(users["leader"]).get(reverse("earlywarning:notice_detail", args=[notice.pk]))
    body = page.content.decode()
    assert notice.reference in body and "document_print.css" in body and "限期重新招标" in body
    assert "整改通知书" in body  # the document kind's name is the title
    download = client.get(reverse("earlywarning:notice_download", args=[notice.pk]))
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert notice.document.unit == warning.unit and notice.document.kind.code == "rectification_notice"
    assert (
        login(users["taxhead"])
        .get(reverse("earlywarning:notice_detail", args=[notice.pk]))
        .status_code
        == 404
    )


def test_a_past_deadline_is_refused_with_the_field_named(make_warning, users, login):
    warning = make_warning(verified=True)
    response = login(users["inspector"]).post(
        reverse("earlywarning:notice_create", args=[warning.pk, "warning"]),
        {
            "kind": "warning",
            "issued_to": "x",
            "facts": "y",
            "required_action": "z",
            "deadline": "2020-01-01",
        },
    )
    assert "deadline" in response.context["form"].errors
    assert not Notice.objects.exists()
