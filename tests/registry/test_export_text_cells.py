"""Exports write user text as data: no live formulas, no character that breaks the workbook."""

import io

import openpyxl
import pytest
from django.urls import reverse

from registry import excel
from registry.models import RiskPoint
from tests.registry.test_edit_risk_point import form_data

BEL = "\x07"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","点")', "+1", "-1+2", "@SUM(A1)", "\t=cmd", "\r=cmd"]
)
def test_formula_like_text_is_written_as_text(text):
    stream = io.BytesIO()
    with excel.Book(stream) as book:
        book.sheet("表").append([text])
    cell = openpyxl.load_workbook(stream).active["A1"]
    # The file stores a carriage return as _x000D_, which Excel reads back (openpyxl does not).
    value = cell.value.replace("_x000D_", "\r")
    assert (value, cell.data_type) == (text, "s")
    assert cell.quotePrefix  # editing the cell in Excel does not run it either


def test_control_characters_are_removed_from_cells():
    stream = io.BytesIO()
    with excel.Book(stream) as book:
        book.sheet("表").append([f"响铃{BEL}字符\x00", "换行\n保留\t"])
    row = next(openpyxl.load_workbook(stream).active.iter_rows(values_only=True))
    assert row == ("响铃字符", "换行\n保留\t")


def test_a_bel_typed_into_a_form_does_not_break_the_register_export(org, users, login):
    client = login(users["depthead"])
    data = form_data(org, name=f"资格审查{BEL}走过场", remarks=f"见附件{BEL}\x0b第二行")
    assert client.post(reverse("registry:riskpoint_create"), data).status_code == 302
    point = RiskPoint.objects.get()
    assert (point.name, point.remarks) == ("资格审查走过场", "见附件\n第二行")

    response = client.get(reverse("registry:ledger_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["F2"].value == "资格审查走过场"


def test_a_bel_already_stored_does_not_break_the_register_export(make_point, users, login):
    make_point(name=f"旧数据{BEL}中的点")  # saved before forms cleaned text
    response = login(users["admin"]).get(reverse("registry:ledger_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["F2"].value == "旧数据中的点"


def test_passwords_are_taken_exactly_as_typed():
    from django import forms

    field = forms.CharField(widget=forms.PasswordInput)
    assert field.clean(f"pass{BEL}word") == f"pass{BEL}word"
