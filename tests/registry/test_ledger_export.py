"""Exporting the register in the ledger layout: round trip, scope, formula injection, template."""

import io
import zipfile

import openpyxl
import pytest
from django.utils.translation import gettext as _

from registry.ledger import BadFile
from registry.models import Measure, RiskPoint
from tests.registry.ledger_support import make_sample_units, run, sample_bytes

pytestmark = pytest.mark.django_db


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_export_then_import_changes_nothing(org, users, login):
    make_sample_units(org.district)
    run(sample_bytes(), by=users["admin"], create_missing=True)
    history = RiskPoint.history.count() + Measure.history.count()

    data = download(login(users["admin"]), "/register/export.xlsx")
    result = run(data, by=users["admin"])

    assert result.ok, [p.as_text() for p in result.errors]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 36)
    assert RiskPoint.history.count() + Measure.history.count() == history


def test_export_follows_the_list_filters(org, users, login, make_point):
    make_point(name="一级的点", level=1)
    make_point(name="二级的点", level=2)
    sheet = openpyxl.load_workbook(
        io.BytesIO(download(login(users["admin"]), "/register/export.xlsx?level=1"))
    ).active
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["一级的点"]


def test_export_follows_scope_even_when_another_unit_is_asked_for(org, users, login, make_point):
    make_point(name="采购的点")  # in the department head's 政府采购科
    make_point(name="预算的点", post=org.budget_clerk)
    make_point(name="税务的点", post=org.tax_inspector)
    client = login(users["depthead"])
    for url in ("/register/export.xlsx", f"/register/export.xlsx?unit={org.tax.pk}"):
        sheet = openpyxl.load_workbook(io.BytesIO(download(client, url))).active
        names = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "税务的点" not in names and "预算的点" not in names


def test_cells_that_look_like_formulas_are_written_as_text(org, users, login, make_point):
    make_point(
        name='=HYPERLINK("http://evil.example","点我")', manifestation="+1-2", remarks="@SUM(A1)"
    )
    data = download(login(users["admin"]), "/register/export.xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    row = openpyxl.load_workbook(io.BytesIO(data)).active[2]
    assert row[5].value.startswith("=HYPERLINK") and row[5].data_type == "s"
    assert row[6].value == "+1-2" and row[15].value == "@SUM(A1)"


def test_the_export_is_styled_frozen_and_has_dropdowns(org, users, login, point_with_measures):
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(login(users["admin"]), "/register/export.xlsx"))
    )
    sheet = workbook["风险点登记表"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet.column_dimensions["F"].width > 20
    assert sheet["J2"].value == "1、采购需求集体审定\n2、纪检全程监督"
    sources = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert sources == {"'选项'!$A$1:$A$3", f"'选项'!$B$1:$B${workbook['选项'].max_row}"}
    assert workbook["选项"].sheet_state == "hidden"


def test_the_blank_template_has_the_importers_layout(org, users, login):
    data = download(login(users["staff"]), "/ledgers/template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["风险点登记表"]
    assert [c.value for c in sheet[1]][:6] == [
        "序号",
        "风险点编号",
        "单位",
        "科室",
        "岗位",
        "风险点名称",
    ]
    assert len(sheet.data_validations.dataValidation) == 2
    with pytest.raises(BadFile, match=_("The ledger has a header but no rows to import.")):
        run(data, by=users["admin"])
