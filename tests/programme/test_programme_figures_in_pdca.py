"""The PDCA dashboard, the annual Check report and its Excel file show each unit's
education, rules, letters and filing for the year."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pdca.services.cycles import cycle_create
from programme.models import EducationKind
from programme.services.education import activity_record
from programme.services.filing import list_file
from programme.services.rules import rule_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle_with_records(org, users, people):
    by = users["inspector"]
    kind = EducationKind.objects.get(name="警示教育")
    activity_record(
        unit=org.finance,
        kind=kind,
        held_on=datetime.date(2026, 3, 14),
        topic="警示教育",
        attendees=[people["buyer"], people["clerk"]],
        by=by,
    )
    rule_make(
        unit=org.finance, title="政府采购内部控制办法", made_on=datetime.date(2026, 2, 1), by=by
    )
    list_file(unit=org.finance, year=2026, on=datetime.date(2026, 4, 8))
    return cycle_create(district=org.district, year=2026, by=users["admin"])


def row_of(body: str, unit_name: str) -> str:
    table = body.split('class="extra-table"')[1]
    return table.split(f"<td>{unit_name}</td>")[1].split("</tr>")[0]


def test_the_dashboard_shows_the_programme_figures(cycle_with_records, users, login):
    body = (
        login(users["inspector"])
        .get(reverse("pdca:cycle_dashboard", args=[cycle_with_records.pk]))
        .content.decode()
    )

    finance = row_of(body, "区财政局")
    assert "<td>1</td><td>2</td><td>1</td>" in finance and "2026-04-08" in finance
    assert "未备案" in row_of(body, "区税务局")


def test_the_annual_report_and_its_excel_file_show_them(cycle_with_records, users, login):
    client = login(users["inspector"])
    page = client.get(reverse("pdca:annual_report", args=[cycle_with_records.pk])).content.decode()
    assert "廉政工作记录 2026" in page

    response = client.get(reverse("pdca:annual_report_xlsx", args=[cycle_with_records.pk]))
    book = load_workbook(BytesIO(response.content))
    sheet = book["廉政工作记录 2026"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["区财政局"][1:4] == (1, 2, 1) and rows["区财政局"][8] == "2026-04-08"
