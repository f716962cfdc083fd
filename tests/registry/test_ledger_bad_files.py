"""Files that cannot be imported: each gets one clear message, and nothing is saved."""

import datetime
import io
import re
import zipfile

import pytest

from registry.ledger import BadFile
from registry.ledger.reading import ENCRYPTED_MARKER, OLE_MAGIC
from registry.models import RiskPoint
from tests.registry.ledger_support import HEADER, ROW, ledger, run, sample_bytes, xlsx

pytestmark = pytest.mark.django_db


def refused(data: bytes, users, file_name="ledger.xlsx") -> str:
    with pytest.raises(BadFile) as caught:
        from registry.ledger import Context, Problems, commit, get_sheet_type

        context = Context(by=users["admin"], options={}, problems=Problems())
        commit(data, sheet_type=get_sheet_type("risk_points"), context=context, file_name=file_name)
    assert RiskPoint.objects.count() == 0
    return caught.value.message


def test_a_text_file_is_not_an_excel_workbook(org, users):
    assert "ledger.csv" in refused(b"unit,name\n", users, file_name="ledger.csv")


def test_the_old_xls_format_asks_for_xlsx(org, users):
    data = OLE_MAGIC + b"\0" * 512 + "Workbook".encode("utf-16-le")
    assert ".xlsx" in refused(data, users)


def test_a_password_protected_workbook_says_so(org, users):
    message = refused(OLE_MAGIC + b"\0" * 512 + ENCRYPTED_MARKER, users)
    assert message != refused(OLE_MAGIC + b"\0" * 512, users)


def test_a_damaged_file_is_refused(org, users):
    refused(sample_bytes()[:4000], users)


def test_an_empty_file_and_a_sheet_without_header(org, users):
    refused(b"", users)
    message = refused(xlsx(("表", [["会议纪要"], ["今天开会"]])), users)
    assert "风险点名称" in message and "风险等级" in message


def test_a_file_over_the_size_limit(org, users, settings):
    settings.LEDGER_MAX_UPLOAD_BYTES = 1024
    assert "MB" in refused(sample_bytes(), users)


def test_a_zip_bomb_is_stopped_before_parsing(org, users, settings):
    settings.LEDGER_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(sample_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/media/padding.bin", b"\0" * (5 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    assert "MB" in refused(buffer.getvalue(), users)


def test_too_many_rows_are_refused_with_the_limit(org, users, settings):
    settings.LEDGER_MAX_ROWS = 5
    rows = [[i, *ROW[1:4], f"风险{i}", *ROW[5:]] for i in range(10)]
    assert "5" in refused(ledger(rows), users)


def _with_cached_value(data: bytes, value: str) -> bytes:
    """openpyxl writes formulas without a cached value; give them one, as Excel would."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb"<c r=\"(G\d+)\"><f>(.*?)</f><v ?/>",
                    lambda m: (
                        b'<c r="'
                        + m[1]
                        + b'" t="str"><f>'
                        + m[2]
                        + b"</f><v>"
                        + value.encode()
                        + b"</v>"
                    ),
                    content,
                )
            target.writestr(item, content)
    return buffer.getvalue()


def test_formulas_use_their_cached_values(org, users):
    data = _with_cached_value(ledger([[*ROW[:6], '="二"&"级"', ROW[7]]]), "二级")
    assert run(data, by=users["admin"]).ok
    assert RiskPoint.objects.get().level == 2


def test_a_formula_without_cached_value_is_an_error_in_its_cell(org, users):
    result = run(ledger([[*ROW[:6], '="二"&"级"', ROW[7]]]), by=users["admin"])
    assert not result.ok
    assert [(p.row, p.column) for p in result.errors] == [(3, "风险等级")]
    assert RiskPoint.objects.count() == 0


@pytest.mark.parametrize("year", [2024, "2024年", "2024年度", datetime.datetime(2024, 5, 1)])
def test_years_as_numbers_text_or_dates(org, users, year):
    header = [*HEADER, "年度", "防控时限"]
    assert run(
        ledger([[*ROW, year, datetime.date(2024, 12, 31)]], header=header), by=users["admin"]
    ).ok
    point = RiskPoint.objects.get()
    assert point.year == 2024 and point.time_limit == "2024-12-31"


def test_a_cell_over_the_field_length_is_an_error(org, users):
    result = run(ledger([[*ROW[:4], "长" * 300, *ROW[5:]]]), by=users["admin"])
    assert (
        not result.ok
        and result.errors[0].column == "风险点名称"
        and "255" in result.errors[0].message
    )
