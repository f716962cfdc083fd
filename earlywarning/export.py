"""Excel export of warning information.

Complainant details are left out of every export, whoever asks: an export
travels further than a screen, and the unit concerned must never see them.
"""

from django.utils.translation import gettext as _

from registry import excel

WIDTHS = (12, 20, 12, 16, 30, 50, 12, 30, 8, 10)


def write_warnings(warnings, stream) -> None:
    """The warnings as a workbook into ``stream`` (a binary file)."""
    with excel.Book(stream) as book:
        sheet = book.sheet(_("Warning information"), widths=WIDTHS)
        sheet.header(_headers())
        for w in warnings:
            sheet.append(_row(w))


def _headers() -> list[str]:
    return [
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
    ]


def _row(w) -> list:
    case = w.disposal
    return [
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
    ]
