"""Every workbook the product writes is written here, with XlsxWriter in constant-memory mode.

Constant-memory mode streams each row to a temporary file as soon as the next
row starts, so an export of any length holds one row in memory; rows are
written top to bottom, one ``append`` each. XlsxWriter writes the same rows
about twice as fast as openpyxl's write-only mode (bench/export_ledger.py).

Two things go wrong when user text is written to a workbook as it is. Text that
starts like a formula (``=HYPERLINK(...)``, ``+1``, ``@SUM``, or any of these
behind a tab or carriage return) is stored as a string, never a formula, and
carries Excel's quote prefix so editing the cell does not run it either. And XML
1.0 cannot carry most control characters, so they are removed (tab, newline and
carriage return are kept).
"""

import datetime
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.utils import timezone

from registry.text import CONTROL_CHARACTERS, strip_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1_048_576
HEADER = {"bold": True}
LEDGER_HEADER = {
    "bold": True, "bg_color": "#DDE4EE", "align": "center", "valign": "vcenter",
    "text_wrap": True, "border": 1, "border_color": "#999999",
}  # fmt: skip


class Book:
    """A workbook written into ``output`` (a path or a binary file) on ``close``."""

    def __init__(self, output) -> None:
        self._book = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._formats: dict[tuple, object] = {}

    def sheet(
        self,
        title: str,
        *,
        widths: Sequence[float] = (),
        freeze_header: bool = False,
        hidden: bool = False,
    ) -> "Sheet":
        worksheet = self._book.add_worksheet(strip_control_characters(title)[:31])
        for column, width in enumerate(widths):
            worksheet.set_column(column, column, width)
        if freeze_header:
            worksheet.freeze_panes(1, 0)
        if hidden:
            worksheet.hide()
        return Sheet(self, worksheet)

    def style(self, properties: dict | None) -> object | None:
        """One XlsxWriter format per distinct set of properties (formats are workbook-wide)."""
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self._book.add_format(properties)
        return self._formats[key]

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Sheet:
    """One worksheet; ``append`` adds the next row."""

    def __init__(self, book: Book, worksheet) -> None:
        self.book, self._sheet, self.rows = book, worksheet, 0
        self._text = worksheet.write_string
        self._number = worksheet.write_number
        self._styled_cache: dict[int, tuple] = {}

    def append(self, values: Iterable, style: dict | None = None, *, wrap: bool = False) -> bool:
        """Write ``values`` as the next row; ``wrap`` wraps multi-line text. False when the
        sheet is full (Excel's row limit): the caller stops there."""
        if self.rows >= MAX_ROWS:
            return False
        row, (plain, quoted, wrapped, date, moment) = self.rows, self._styles(style)
        self.rows += 1
        for column, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                if CONTROL_CHARACTERS.search(value):
                    value = strip_control_characters(value)
                if value.startswith(FORMULA_STARTS):
                    self._text(row, column, value, quoted)
                elif wrap and "\n" in value:
                    self._text(row, column, value, wrapped)
                else:
                    self._text(row, column, value, plain)
            elif kind is int or kind is float:
                self._number(row, column, value, plain)
            elif value is None:
                continue
            elif kind is bool:
                self._sheet.write_boolean(row, column, value, plain)
            elif isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                self._sheet.write_datetime(row, column, value, moment)
            elif isinstance(value, datetime.date):
                self._sheet.write_datetime(row, column, value, date)
            else:
                self._text(row, column, strip_control_characters(str(value)), plain)
        return True

    def header(self, values: Iterable, style: dict = HEADER) -> None:
        self.append([str(value) for value in values], style)

    def dropdown(self, column: int, source: str) -> None:
        """A list to pick from in ``column`` below the header: ``source`` is a range."""
        self._sheet.data_validation(
            1, column, MAX_ROWS - 1, column,
            {"validate": "list", "source": source, "ignore_blank": True},
        )  # fmt: skip

    def _styles(self, style: dict | None) -> tuple:
        """The formats of a row style, looked up once per style dictionary: the cache
        holds the dictionary itself, so its id cannot be reused by another."""
        cached = self._styled_cache.get(id(style))
        if cached is None or cached[0] is not style:
            base, styled = dict(style or {}), self.book.style
            cached = (style, (
                styled(base),
                styled({**base, "quote_prefix": True}),
                styled({**base, "text_wrap": True, "valign": "top"}),
                styled({**base, "num_format": "yyyy-mm-dd"}),
                styled({**base, "num_format": "yyyy-mm-dd hh:mm:ss"}),
            ))  # fmt: skip
            self._styled_cache[id(style)] = cached
        return cached[1]


def write(output, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> None:
    """A plain workbook: per sheet a title, a bold header row and the rows."""
    with Book(output) as book:
        for title, headers, rows in sheets:
            sheet = book.sheet(title, widths=header_widths(headers), freeze_header=True)
            sheet.header(headers)
            for row in rows:
                if not sheet.append(row):
                    break


def header_widths(headers: Sequence[str]) -> list[int]:
    """Wide enough for the header (Chinese characters count double), 10 to 40."""
    return [max(10, min(40, len(str(header)) * 2 + 2)) for header in headers]
