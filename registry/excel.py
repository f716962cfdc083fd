"""Every cell an export writes goes through here.

Two things go wrong when user text is written to a workbook as it is. Text that
starts like a formula (``=HYPERLINK(...)``, ``+1``, ``@SUM``, or any of these
behind a tab or carriage return) is run by Excel when the file is opened, so it
is written as text with Excel's quote prefix. And XML 1.0 cannot carry most
control characters: one BEL in a risk point makes openpyxl refuse the whole
workbook, so they are removed (tab, newline and carriage return are kept).
"""

from openpyxl.cell import Cell, WriteOnlyCell

from registry.text import strip_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(sheet, value, **style) -> Cell:
    """A cell for ``sheet`` (write-only or not) holding ``value`` as data, never as a formula."""
    if isinstance(value, str):
        value = strip_control_characters(value)
    made = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        made.data_type = "s"
        made.quotePrefix = True
    for name, setting in style.items():
        setattr(made, name, setting)
    return made


def append(sheet, values, **style) -> None:
    """Add one row of data to ``sheet``, every value through ``cell``."""
    sheet.append([cell(sheet, value, **style) for value in values])
