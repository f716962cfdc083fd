"""Excel downloads: one sheet per table, a bold header row, sensible widths."""

import datetime
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from registry import excel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATE = PatternFill("solid", fgColor="FDECEA")


def sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence], late_rows=()) -> dict:
    return {"title": title, "headers": headers, "rows": rows, "late_rows": set(late_rows)}


def workbook_response(filename: str, sheets: list[dict]) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec["title"][:31])
        excel.append(ws, [str(h) for h in spec["headers"]], font=Font(bold=True))
        for index, row in enumerate(spec["rows"]):
            excel.append(ws, [_cell(v) for v in row])
            if index in spec["late_rows"]:
                for cell in ws[ws.max_row]:
                    cell.fill = LATE
        for column, header in enumerate(spec["headers"], start=1):
            letter = ws.cell(row=1, column=column).column_letter
            ws.column_dimensions[letter].width = max(10, min(40, len(str(header)) * 2 + 2))
        ws.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (int, float, str, datetime.date)):
        return value
    return str(value)
