"""The change log as an Excel workbook, for auditors: exactly what the page lists.

Rows are read in chunks and streamed by ``registry.excel``, so an export of any
length holds one chunk in memory.
"""

import tempfile
from itertools import islice

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from registry import excel
from registry.history import ChangeLogFilter, change_log_records, page_entries

CHUNK = 500


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
    output = tempfile.TemporaryFile()
    write_change_log_to(output, viewer=viewer, filters=filters)
    output.seek(0)
    return output


def write_change_log_to(stream, *, viewer, filters: ChangeLogFilter, progress=None) -> int:
    """The workbook into ``stream`` (a binary file or a path); ``progress(done)`` after
    each chunk. The number of changes written."""
    written = 0
    with excel.Book(stream) as book:
        sheet = book.sheet(_("Change log"), widths=(19, 14, 10, 14, 30, 60))
        sheet.header(headers())
        records = change_log_records(viewer=viewer, filters=filters)
        while chunk := list(islice(records, CHUNK)):
            for entry in page_entries(chunk):
                if not sheet.append(entry_row(entry), wrap=True):
                    return written
                written += 1
            if progress:
                progress(written)
    return written
