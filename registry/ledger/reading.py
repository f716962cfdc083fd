"""Opening an uploaded workbook safely, then reading its cells with python-calamine.

Every check that protects the server runs before any parser sees the file: the
size limit, the old .xls and encrypted formats (both OLE containers), the zip
structure, and a zip-bomb guard that counts the bytes really decompressed, not
the sizes the archive claims. calamine (Rust) reads 50,000 rows about fifteen
times faster than openpyxl's read-only mode (see bench/import_ledger.py);
openpyxl is kept for writing.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from registry.ledger.problems import BadFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
MB = 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "LEDGER_MAX_UPLOAD_BYTES", 20 * MB)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "LEDGER_MAX_UNCOMPRESSED_BYTES", 300 * MB)


def max_rows() -> int:
    return getattr(settings, "LEDGER_MAX_ROWS", 100_000)


@dataclass
class Sheet:
    """One worksheet's cells: ``rows[i]`` is Excel row i + 1, ``rows[i][j]`` column j + 1."""

    name: str
    rows: list[list]
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def read_workbook(data: bytes, *, file_name: str = "") -> list[Sheet]:
    """Every visible sheet of an .xlsx file, or ``BadFile`` with one clear message."""
    check_container(data, file_name=file_name)
    parts = inflate_parts(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as error:
        raise BadFile(
            _("The file is damaged and cannot be read (%(error)s).") % {"error": error}
        ) from error
    sheets = []
    for meta in workbook.sheets_metadata:
        if "Visible" not in str(meta.visible) or "WorkSheet" not in str(meta.typ):
            continue
        xml = parts.sheet_xml.pop(meta.name, b"")  # read once, then let it go
        check_row_limit(meta.name, xml)
        sheet = workbook.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        if len(rows) > max_rows() + 1:
            raise _too_many_rows(meta.name, len(rows))
        fill_vertical_merges(rows, sheet.merged_cell_ranges or [])
        sheets.append(Sheet(meta.name, rows, uncached_formulas(xml)))
    return sheets


def check_container(data: bytes, *, file_name: str) -> None:
    limit = max_upload_bytes()
    if len(data) > limit:
        raise BadFile(
            _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": len(data) / MB, "limit": limit / MB}
        )
    if not data:
        raise BadFile(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKER in data:
            raise BadFile(
                _("The workbook is protected by a password: remove the password and upload again.")
            )
        raise BadFile(_("This is an old-format .xls workbook: save it as .xlsx and upload again."))
    if not data.startswith(ZIP_MAGIC):
        raise BadFile(
            _("“%(name)s” is not an Excel workbook: upload an .xlsx file.") % {"name": file_name}
        )


@dataclass
class Parts:
    sheet_xml: dict[str, bytes]


def inflate_parts(data: bytes) -> Parts:
    """Decompress every part under a hard cap (a zip bomb stops here), keep the sheets' XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise BadFile(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
        budget = max_uncompressed_bytes()
        if sum(info.file_size for info in archive.infolist()) > budget:
            raise _zip_bomb(budget)
        contents = {}
        for info in archive.infolist():
            with archive.open(info) as part:
                contents[info.filename] = part.read(budget + 1)
            budget -= len(contents[info.filename])
            if budget < 0:
                raise _zip_bomb(max_uncompressed_bytes())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as error:
        raise BadFile(
            _("The file is damaged and cannot be read (%(error)s).") % {"error": error}
        ) from error
    return Parts(sheet_xml=_sheets_by_name(contents))


def _zip_bomb(budget: int) -> BadFile:
    return BadFile(
        _("The workbook unpacks to more than %(limit).0f MB: it is refused as unsafe.")
        % {"limit": budget / MB}
    )


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheets_by_name(contents: dict[str, bytes]) -> dict[str, bytes]:
    try:
        workbook = ElementTree.fromstring(contents["xl/workbook.xml"])
        rels = ElementTree.fromstring(contents.get("xl/_rels/workbook.xml.rels", b"<r/>"))
    except ElementTree.ParseError as error:
        raise BadFile(
            _("The file is damaged and cannot be read (%(error)s).") % {"error": error}
        ) from error
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    sheets = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_REL_NS) in targets:
            target = targets[sheet.get(_REL_NS)].lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            sheets[sheet.get("name")] = contents.get(path, b"")
    return sheets


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


def check_row_limit(sheet_name: str, xml: bytes) -> None:
    """Refuse a huge sheet from its declared dimension, before parsing a single row."""
    found = _DIMENSION.search(xml[:4096])
    if found and int(found.group(1)) > max_rows() + 1:
        raise _too_many_rows(sheet_name, int(found.group(1)))


def _too_many_rows(sheet_name: str, rows: int) -> BadFile:
    return BadFile(
        _(
            "Sheet “%(sheet)s” has %(rows)s rows; at most %(limit)s rows are imported at once. "
            "Split the ledger into several files."
        )
        % {"sheet": sheet_name, "rows": rows, "limit": max_rows()}
    )


_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+)(\d+)\"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Ten times quicker to scan for; a sheet without it (most of them) has no formula.
_MAYBE_FORMULA = re.compile(rb"f[\s>/]")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")


def uncached_formulas(xml: bytes) -> set[tuple[int, int]]:
    """Cells holding a formula that Excel never calculated (no cached value to import)."""
    if not _MAYBE_FORMULA.search(xml) or not _HAS_FORMULA.search(xml):
        return set()
    cells = set()
    for column, row, body in _CELL.findall(xml):
        if body and _HAS_FORMULA.search(body) and not _HAS_VALUE.search(body):
            cells.add((int(row), column_number(column.decode())))
    return cells


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def fill_vertical_merges(rows: list[list], ranges) -> None:
    """A unit or department cell merged down over several rows belongs to each of them."""
    for (top, left), (bottom, right) in ranges:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                rows[r][c] = value
