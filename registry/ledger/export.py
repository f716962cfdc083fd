"""Export the register (or a blank template) in the very layout the importer reads.

Rows come as plain values (``values_list``), each point's measures already joined
into one text by the database, and go straight to ``registry.excel``'s streaming
writer: no model instance and no cell object per value, so 50,000 points export
faster than a bare openpyxl writer of the same rows (bench/export_ledger.py) in
constant memory. Export → import is a no-op (tests/registry/test_ledger_export.py).
"""

from collections import Counter

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import excel
from registry.filtersets import RiskPointFilterSet, ordering_for
from registry.ledger.risk_points import COLUMNS, DISCOVERY_WORDS, LEVEL_WORDS
from registry.ledger.text import number_measures
from registry.models import Measure, RiskCategory, RiskPoint, Unit

SHEET_TITLE = "风险点登记表"
OPTIONS_TITLE = "选项"
CHUNK = 2000
# Joins a point's measure texts; forms strip control characters, so no text holds it.
SEPARATOR = "\x1f"
FIELDS = (
    "code", "unit_id", "department__name", "post__name", "name", "manifestation",
    "category__name", "level", "measure_texts", "responsible_person__name",
    "supervisor__name", "time_limit", "discovery_method", "year", "remarks",
)  # fmt: skip


def export_queryset(*, user, params):
    """The points of the register list for these query parameters, exactly: same scope,
    same filters, same order (registry.selectors.risk_point_list without the paging)."""
    queryset = RiskPoint.objects.visible_to(user)
    filterset = RiskPointFilterSet(params, queryset=queryset, user=user)
    return filterset.qs.order_by(*ordering_for(params.get("sort", "")))


def export_name(when=None) -> str:
    """The file's name without extension: the register and the day it was asked for."""
    return _("risk-register") + timezone.localdate(when).strftime("-%Y%m%d")


def measure_texts() -> RawSQL:
    """A point's measure texts in their order, joined by SEPARATOR, computed per row by
    the database (the measure table's index on the point; no GROUP BY over the export)."""
    measure, point = Measure._meta.db_table, RiskPoint._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT string_agg(m.text, %s ORDER BY m.sort_order, m.id) FROM {measure} m "
            f"WHERE m.risk_point_id = {point}.id"
        )
    else:  # SQLite keeps the order of the ordered subquery it concatenates
        sql = (
            f"SELECT group_concat(t, %s) FROM (SELECT m.text AS t FROM {measure} m "
            f"WHERE m.risk_point_id = {point}.id ORDER BY m.sort_order, m.id)"
        )
    return RawSQL(sql, [SEPARATOR])


def register_rows(points):
    """The ledger rows of ``points`` (a RiskPoint queryset), in its order."""
    rows = points.annotate(measure_texts=measure_texts()).values_list(*FIELDS)
    unit_label = _unit_labels()
    discovery = _DISCOVERY
    for serial, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        (code, unit_id, department, post, name, manifestation, category, level, measures,
         responsible, supervisor, time_limit, found, year, remarks) = row  # fmt: skip
        yield (
            serial, code, unit_label[unit_id], department or "", post or "", name,
            manifestation, category, LEVEL_WORDS[level],
            number_measures(measures.split(SEPARATOR)) if measures else "",
            responsible or "", supervisor or "", time_limit, discovery.get(found, ""), year,
            remarks,
        )  # fmt: skip


def write_register(points, stream, *, progress=None) -> int:
    """Write the given points as a ledger .xlsx into ``stream`` (a binary file or a path);
    ``progress(done)`` is called every CHUNK rows. The number of points written."""
    written = 0
    with excel.Book(stream) as book:
        sheet = _ledger_sheet(book)
        for row in register_rows(points):
            if not sheet.append(row, wrap=True):
                break
            written += 1
            if progress and written % CHUNK == 0:
                progress(written)
    return written


def write_template(stream) -> None:
    """The blank ledger: header, dropdowns, widths, and nothing else."""
    with excel.Book(stream) as book:
        _ledger_sheet(book)


def _ledger_sheet(book: excel.Book) -> excel.Sheet:
    sheet = book.sheet(SHEET_TITLE, widths=[c.width for c in COLUMNS], freeze_header=True)
    options = book.sheet(OPTIONS_TITLE, hidden=True)  # the importer reads visible sheets only
    categories = list(RiskCategory.objects.filter(is_active=True).values_list("name", flat=True))
    for i in range(max(len(categories), len(LEVEL_WORDS))):
        options.append([LEVEL_WORDS.get(i + 1, ""), categories[i] if i < len(categories) else ""])
    keys = [c.key for c in COLUMNS]
    sheet.dropdown(keys.index("level"), f"='{OPTIONS_TITLE}'!$A$1:$A$3")
    sheet.dropdown(keys.index("category"), f"='{OPTIONS_TITLE}'!$B$1:$B${max(len(categories), 1)}")
    sheet.header([column.label for column in COLUMNS], excel.LEDGER_HEADER)
    return sheet


_DISCOVERY = {method.value: words[0] for method, words in DISCOVERY_WORDS.items()}


def _unit_labels() -> dict[int, str]:
    """Units by name, or by code where two units share a name (the importer reads both)."""
    units = list(Unit.objects.values_list("pk", "name", "code"))
    counts = Counter(name for _pk, name, _code in units)
    return {pk: code if counts[name] > 1 else name for pk, name, code in units}
