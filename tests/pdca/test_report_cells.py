"""PDCA downloads write text as data: a formula typed as a finding is not run by Excel."""

import io

from openpyxl import load_workbook

from pdca.excel import sheet, workbook_response


def test_formula_like_text_in_a_pdca_download_stays_text():
    text = '=HYPERLINK("http://evil.example","整改")'
    response = workbook_response("r.xlsx", [sheet("发现问题", ["问题"], [[text], ["\x07+1"]])])
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert [(r[0].value, r[0].data_type) for r in rows] == [(text, "s"), ("+1", "s")]
