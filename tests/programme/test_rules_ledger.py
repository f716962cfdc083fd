"""The rules ledger (制度台账) kept in Excel: imported through the ledger engine, all rows
or none, and exported in the same columns, read back unchanged."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from programme.models import Rule
from programme.rules import rule_counts
from registry.choices import Role
from registry.ledger import Context, Problems, commit, get_sheet_type

pytestmark = pytest.mark.django_db
HEADER = ["单位", "制度名称", "文号", "变动", "日期", "备注"]
ROWS = [
    ["区财政局", "公务接待管理规定", "财发〔2019〕3号", "新建", datetime.date(2019, 6, 1), ""],
    ["区财政局", "公务接待管理规定", "财发〔2019〕3号", "修订", "2026-04-02", "按新标准"],
    ["区财政局", "差旅费报销暂行规定", "", "废止", "2026/5/2", "并入新办法"],
    ["FIN", "政府采购内部控制办法", "财发〔2026〕1号", "新建", "2026年2月1日", ""],
]


def xlsx(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(data, by):
    context = Context(by=by, options={}, problems=Problems())
    return commit(data, sheet_type=get_sheet_type("programme_rules"), context=context)


def test_the_ledger_makes_revises_and_abolishes_rules(org, users, people):
    result = run(xlsx(ROWS), users["inspector"])

    assert result.committed and result.created == 4
    assert rule_counts([org.finance], 2026)[org.finance.pk] == {
        "new": 1,
        "revised": 1,
        "abolished": 1,
    }
    assert not Rule.objects.get(title="差旅费报销暂行规定").in_force
    assert Rule.objects.get(title="公务接待管理规定").changes.count() == 2


def test_a_bad_row_stops_the_file(org, users, people, new_user_with_role):
    finance_admin = new_user_with_role("finadmin", Role.ADMIN, org.finance)
    garbled = run(xlsx(ROWS + [["区财政局", "x", "", "重写", "昨天", ""]]), users["admin"])
    assert {(p.row, p.column) for p in garbled.errors} == {(6, "变动"), (6, "日期")}

    foreign = run(
        xlsx(ROWS + [["区税务局", "稽查办法", "", "新建", "2026-01-01", ""]]), finance_admin
    )
    assert {(p.row, p.column) for p in foreign.errors} == {(6, "单位")}

    assert not garbled.committed and not foreign.committed and not Rule.objects.exists()


def test_export_reads_back_unchanged(org, users, people, login):
    run(xlsx(ROWS), users["inspector"])
    url = reverse("programme:rules_export", args=[org.finance.pk]) + "?year=2026"
    assert login(users["taxhead"]).get(url).status_code == 404

    exported = login(users["leader"]).get(url).content
    rows = list(load_workbook(BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 4

    again = run(exported, users["inspector"])
    assert again.committed and again.created == 0 and again.unchanged == 3
