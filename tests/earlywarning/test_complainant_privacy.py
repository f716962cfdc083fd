"""Complainant details: discipline staff see them; the unit concerned and every export never do."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from earlywarning.models import WarningInfo

NAME, CONTACT, NOTE = "举报人李四", "13900001111", "要求对身份严格保密"


@pytest.fixture
def complaint(make_warning):
    return make_warning(
        verified=True,
        complainant_name=NAME,
        complainant_contact=CONTACT,
        complainant_note=NOTE,
        facts="反映采购中央空调未公开招标。",
    )


def _leaks(text: str) -> list[str]:
    return [secret for secret in (NAME, CONTACT, NOTE) if secret in text]


def test_discipline_staff_see_the_complainant(complaint, login, users):
    body = (
        login(users["inspector"])
        .get(reverse("earlywarning:warning_detail", args=[complaint.pk]))
        .content.decode()
    )
    assert _leaks(body) == [NAME, CONTACT, NOTE]


@pytest.mark.parametrize("role", ["leader", "group", "admin", "auditor"])
def test_the_unit_concerned_and_other_readers_never_see_it(complaint, login, users, role):
    """The unit's leader and leading group hold RETURN on the unit, yet they are the unit
    concerned; admins and auditors read everything but are not discipline staff."""
    client = login(users[role])
    pages = [
        reverse("earlywarning:warning_detail", args=[complaint.pk]),
        reverse("earlywarning:warning_list") + "?year=2026",
        reverse("earlywarning:unit_history", args=[complaint.unit_id]) + "?year=2026",
        reverse("earlywarning:index") + "?year=2026",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.content.decode()) == [], url
    assert "反映采购中央空调未公开招标" in client.get(pages[0]).content.decode()


def _export_text(client, **params) -> str:
    response = client.get(reverse("earlywarning:warning_export"), {"year": 2026, **params})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("role", ["leader", "inspector"])
def test_no_export_carries_the_complainant(complaint, login, users, role):
    text = _export_text(login(users[role]), unit=complaint.unit_id)
    assert complaint.summary in text
    assert _leaks(text) == []


def test_notices_never_carry_the_complainant(complaint, login, users):
    from earlywarning.models import Notice
    from earlywarning.services.notices import notice_issue

    notice = notice_issue(
        notice=Notice(
            kind="warning",
            unit=complaint.unit,
            warning=complaint,
            issued_to="区财政局党组",
            facts=complaint.facts,
            required_action="限期整改",
            deadline="2099-01-01",
        ),
        by=users["inspector"],
    )
    for role in ("leader", "inspector"):
        client = login(users[role])
        page = client.get(reverse("earlywarning:notice_detail", args=[notice.pk]))
        assert _leaks(page.content.decode()) == []
        # The download is a PDF: its text, as a reader would copy it out.
        pdf = client.get(reverse("earlywarning:notice_download", args=[notice.pk])).content
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "限期整改" in text.replace(" ", "") and _leaks(text) == []


def test_history_rows_do_not_keep_the_complainant(complaint):
    record = WarningInfo.history.filter(id=complaint.pk).first()
    assert not hasattr(record, "complainant_name")


def test_out_of_scope_is_404_and_forbidden_actions_are_403(complaint, login, users):
    detail = reverse("earlywarning:warning_detail", args=[complaint.pk])
    assert login(users["taxhead"]).get(detail).status_code == 404
    leader = login(users["leader"])
    assert leader.get(reverse("earlywarning:warning_create")).status_code == 403
    verify = reverse("earlywarning:warning_verify", args=[complaint.pk])
    assert (
        leader.post(verify, {"verification": "verified", "verification_reason": "x"}).status_code
        == 403
    )
