"""Excel export of warning information.

Complainant details are left out of every export, whoever asks: an export
travels further than a screen, and the unit concerned must never see them.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from registry import excel


def warnings_workbook(warnings) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Warning information")[:31]
    excel.append(
        sheet,
        [
            _("Received on"),
            _("Unit"),
            _("Person concerned"),
            _("Source"),
            _("Summary"),
            _("Facts"),
            _("Verification"),
            _("Reason"),
            _("Major case"),
            _("Disposal step"),
        ],
        font=Font(bold=True),
    )
    for w in warnings:
        case = w.disposal
        excel.append(
            sheet,
            [
                w.received_on,
                w.unit.name,
                w.person.name if w.person_id else "",
                w.get_source_type_display(),
                w.summary,
                w.facts,
                w.get_verification_display(),
                w.verification_reason,
                _("Yes") if w.is_major else "",
                case.get_step_display() if case else "",
            ],
        )
    for column, width in zip("ABCDEFGHIJ", (12, 20, 12, 16, 30, 50, 12, 30, 8, 10), strict=True):
        sheet.column_dimensions[column].width = width
    return book
