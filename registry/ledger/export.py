"""Export the register (or a blank template) in the very layout the importer reads.

openpyxl's write-only mode streams rows to disk, so memory stays flat however
many points are exported; points are read in chunks with their measures.
Export → import is a no-op (tests/registry/test_ledger_export.py).
"""

from collections import Counter

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from registry import excel
from registry.filtersets import RiskPointFilterSet, ordering_for
from registry.ledger.risk_points import COLUMNS, DISCOVERY_WORDS, LEVEL_WORDS
from registry.ledger.text import number_measures
from registry.models import Measure, RiskCategory, RiskPoint, Unit

SHEET_TITLE = "风险点登记表"
OPTIONS_TITLE = "选项"
CHUNK = 2000
_THIN = Side(style="thin", color="999999")
HEADER_STYLE = {
    "font": Font(bold=True),
    "fill": PatternFill("solid", fgColor="DDE4EE"),
    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "border": Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
}
WRAP = Alignment(vertical="top", wrap_text=True)


def export_queryset(*, user, params):
    """The points of the register list for these query parameters, exactly: same scope,
    same filters, same order (registry.selectors.risk_point_list without the paging)."""
    queryset = RiskPoint.objects.visible_to(user).with_list_relations()
    filterset = RiskPointFilterSet(params, queryset=queryset, user=user)
    measures = Measure.objects.order_by("sort_order", "id").only("risk_point_id", "text")
    return filterset.qs.order_by(*ordering_for(params.get("sort", ""))).prefetch_related(
        Prefetch("measures", queryset=measures)
    )


def write_register(points, stream) -> None:
    """Write the given points as a ledger .xlsx into ``stream`` (a binary file)."""
    workbook, sheet = _workbook()
    unit_label = _unit_labeller()
    for serial, point in enumerate(points.iterator(chunk_size=CHUNK), start=1):
        sheet.append([_cell(sheet, value) for value in _row(serial, point, unit_label)])
    workbook.save(stream)


def write_template(stream) -> None:
    """The blank ledger: header, dropdowns, widths, and nothing else."""
    workbook, _sheet = _workbook()
    workbook.save(stream)


def _workbook() -> tuple[Workbook, object]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    options = workbook.create_sheet(OPTIONS_TITLE)
    options.sheet_state = "hidden"  # the importer reads visible sheets only
    categories = list(RiskCategory.objects.filter(is_active=True).values_list("name", flat=True))
    for i in range(max(len(categories), len(LEVEL_WORDS))):
        level = LEVEL_WORDS.get(i + 1, "")
        options.append([level, categories[i] if i < len(categories) else ""])
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    _dropdown(sheet, "level", f"'{OPTIONS_TITLE}'!$A$1:$A$3")
    _dropdown(sheet, "category", f"'{OPTIONS_TITLE}'!$B$1:$B${max(len(categories), 1)}")
    sheet.append([_header(sheet, column.label) for column in COLUMNS])
    return workbook, sheet


def _dropdown(sheet, key: str, source: str) -> None:
    letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.add(f"{letter}2:{letter}1048576")
    sheet.data_validations.append(validation)


def _header(sheet, text: str):
    return excel.cell(sheet, text, **HEADER_STYLE)


def _cell(sheet, value):
    """A data cell (never a formula, no control characters); multi-line text wraps."""
    if isinstance(value, str) and "\n" in value:
        return excel.cell(sheet, value, alignment=WRAP)
    return excel.cell(sheet, value)


_DISCOVERY = {method.value: words[0] for method, words in DISCOVERY_WORDS.items()}


def _row(serial: int, point: RiskPoint, unit_label) -> list:
    values = {
        "serial": serial,
        "code": point.code,
        "unit": unit_label(point.unit),
        "department": point.department.name if point.department_id else "",
        "post": point.post.name if point.post_id else "",
        "name": point.name,
        "manifestation": point.manifestation,
        "category": point.category.name,
        "level": LEVEL_WORDS[point.level],
        "measures": number_measures([m.text for m in point.measures.all()]),
        "responsible": point.responsible_person.name if point.responsible_person_id else "",
        "supervisor": point.supervisor.name if point.supervisor_id else "",
        "time_limit": point.time_limit,
        "discovery": _DISCOVERY.get(point.discovery_method, ""),
        "year": point.year,
        "remarks": point.remarks,
    }
    return [values[column.key] for column in COLUMNS]


def _unit_labeller():
    """Units by name, or by code where two units share a name (the importer reads both)."""
    counts = Counter(Unit.objects.values_list("name", flat=True))
    return lambda unit: unit.code if counts[unit.name] > 1 else unit.name
