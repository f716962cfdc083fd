"""Excel downloads: one sheet per table, a bold header row, sensible widths (registry.excel)."""

import datetime
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse

from registry import excel

XLSX = excel.CONTENT_TYPE
LATE = {"bg_color": "#FDECEA"}


def sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence], late_rows=()) -> dict:
    return {"title": title, "headers": headers, "rows": rows, "late_rows": set(late_rows)}


def workbook_response(filename: str, sheets: list[dict]) -> HttpResponse:
    buffer = BytesIO()
    with excel.Book(buffer) as book:
        for spec in sheets:
            ws = book.sheet(
                spec["title"], widths=excel.header_widths(spec["headers"]), freeze_header=True
            )
            ws.header(spec["headers"])
            for index, row in enumerate(spec["rows"]):
                ws.append([_cell(v) for v in row], LATE if index in spec["late_rows"] else None)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, str, datetime.date)):
        return value
    return str(value)
