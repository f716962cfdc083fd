"""The change log as an Excel workbook, for auditors: exactly what the page lists.

Rows are read in chunks and written with openpyxl's write-only mode, so an export
of any length holds one chunk in memory.
"""

import tempfile
from itertools import islice

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from registry import excel
from registry.history import ChangeLogFilter, change_log_records, page_entries

CHUNK = 500
EXCEL_MAX_ROWS = 1_048_576

def headers() -> list[str]:
    return [
        _("When"),
        _("Who"),
        _("What"),
        _("Object type"),
        _("Object"),
        _("Changes"),
    ]


def entry_row(entry) -> list:
    """One row per change, its fields one per line as on the page: "field: old → new"."""
    changes = "\n".join(
        f"{c.label}: {c.old} → {c.new}"
        if entry.record.history_type == "~"
        else f"{c.label}: {c.new}"
        for c in entry.changes
    )
    return [
        formats.date_format(timezone.localtime(entry.when), "Y-m-d H:i:s"),
        entry.user_label or _("system"),
        str(entry.change_type),
        str(entry.model_label),
        entry.object_label,
        changes,
    ]


def write_change_log(*, viewer, filters: ChangeLogFilter):
    """A temporary file holding the workbook, positioned at its start."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Change log"))
    excel.append(sheet, headers())
    written = 1
    records = change_log_records(viewer=viewer, filters=filters)
    while chunk := list(islice(records, CHUNK)):
        for entry in page_entries(chunk):
            if written == EXCEL_MAX_ROWS:
                break
            excel.append(sheet, entry_row(entry))
            written += 1
    output = tempfile.TemporaryFile()
    book.save(output)
    output.seek(0)
    return output
