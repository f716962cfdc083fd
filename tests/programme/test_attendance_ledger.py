"""Education attendance kept in Excel: imported through the ledger engine (all rows or
none, errors naming row and column), exported in the same columns and read back unchanged."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from programme.models import Attendance, EducationActivity
from registry.ledger import Context, Problems, commit, get_sheet_type

pytestmark = pytest.mark.django_db
HEADER = ["单位", "日期", "形式", "主题", "对象", "姓名", "成绩"]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年廉政教育参加情况台账"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(data: bytes, by):
    context = Context(by=by, options={}, problems=Problems())
    return commit(data, sheet_type=get_sheet_type("programme_attendance"), context=context)


ROWS = [
    [
        "区财政局",
        datetime.date(2026, 3, 14),
        "警示教育",
        "观看警示教育片",
        "全体干部职工",
        "王采购",
        None,
    ],
    ["区财政局", "2026-03-14", "警示教育", "观看警示教育片", "全体干部职工", "李预算", None],
    ["FIN", "2026年11月18日", "廉政知识测试", "党纪法规知识测试", "中层以上干部", "周局长", 92.5],
]


def test_rows_become_activities_with_attendance_and_scores(org, users, people):
    result = run(xlsx(ROWS), users["inspector"])

    assert result.committed and result.created == 3
    assert EducationActivity.objects.count() == 2
    lesson = EducationActivity.objects.get(topic="观看警示教育片")
    assert set(lesson.attendance.values_list("person__name", flat=True)) == {"王采购", "李预算"}
    assert Attendance.objects.get(person=people["director"]).score == Decimal("92.5")
    assert lesson.history.first().history_user == users["inspector"]


def test_one_bad_row_stops_the_whole_file_and_names_row_and_column(org, users, people):
    bad = ROWS + [
        ["区财政局", "2026-03-14", "警示教育", "观看警示教育片", "", "查无此人", None],
        ["区税务局", "2026-03-14", "警示教育", "观看警示教育片", "", "王采购", None],
        ["区财政局", "三月", "警示教育", "观看警示教育片", "", "王采购", 120],
    ]
    result = run(xlsx(bad), users["leader"])  # the leader keeps no records
    assert not result.committed

    result = run(xlsx(bad), users["admin"])

    assert not result.committed and not EducationActivity.objects.exists()
    problems = {(p.row, p.column) for p in result.errors}
    assert {(6, "姓名"), (8, "日期"), (8, "成绩")} <= problems


def test_export_reads_back_unchanged(org, users, people, login):
    run(xlsx(ROWS), users["inspector"])
    url = reverse("programme:attendance_export", args=[org.finance.pk]) + "?year=2026"
    assert login(users["taxhead"]).get(url).status_code == 404

    exported = login(users["leader"]).get(url).content
    rows = list(load_workbook(BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 4

    again = run(exported, users["inspector"])
    assert again.committed and again.created == 0 and again.unchanged == 3
