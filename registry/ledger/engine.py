"""The import engine: read → find headers → check cells → parse → plan → (commit) write.

``preview`` never writes. ``commit`` runs the same steps and, only when there is
no error at all, writes everything in one transaction; otherwise nothing.
A sheet type with a planner (the register's) is parsed, planned and written a
chunk of rows at a time: PostgreSQL writes one chunk while Python checks the
next, and the first error anywhere undoes what was written.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from registry.ledger import bulk, headers
from registry.ledger import layout as layouts
from registry.ledger.problems import BadFile, Problem
from registry.ledger.reading import Sheet, read_workbook
from registry.ledger.sheets import Change, Context, Plan, Row, SheetType
from registry.ledger.text import clean

SAMPLE_ROWS = 20  # rows of each kind kept for the preview
CHUNK_ROWS = 5000  # records planned and written at a time by a sheet type with a planner
PROGRESS_EVERY = 2000


@dataclass
class Result:
    """What an import found or did. ``ok`` is False when anything stops the commit."""

    ok: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # "sheet: header"
    skipped_sheets: list[str] = field(default_factory=list)
    samples: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    committed: bool = False
    mapping: list[dict] = field(default_factory=list)  # sheets whose headers need mapping

    @property
    def written(self) -> tuple[int, int]:
        """(created, updated) as really written: zero unless committed."""
        return (self.created, self.updated) if self.committed else (0, 0)

    def report(self, limit: int = 1000) -> dict:
        """The JSON kept on the batch: counts, the first ``limit`` errors, samples."""
        return {
            "errors": [p.as_dict() for p in self.errors[:limit]],
            "warnings": [p.as_dict() for p in self.warnings[:limit]],
            "ignored_columns": self.ignored_columns,
            "skipped_sheets": self.skipped_sheets,
            "samples": self.samples,
            "notes": self.notes[:limit],
            "mapping": self.mapping,
        }


def preview(data: bytes, *, sheet_type: SheetType, context: Context, **kwargs) -> Result:
    """Everything a commit would do, and every error, without writing."""
    with _collector_paused():
        return _run(data, sheet_type=sheet_type, context=context, write=False, **kwargs)


def commit(data: bytes, *, sheet_type: SheetType, context: Context, **kwargs) -> Result:
    """All rows or none, in one transaction.

    A sheet type with a planner is planned and written a chunk at a time, so
    PostgreSQL writes one chunk while the next is checked; the first error stops
    the writing, every row is still checked, and what was written is rolled back.
    One commit at a time: two imports of the same file (codes or not) would both
    plan their rows as new; the second waits and then finds them unchanged.
    """
    try:
        with transaction.atomic(), _collector_paused():
            _one_commit_at_a_time()
            with bulk.streaming():  # PostgreSQL writes while the next rows are made
                result = _run(data, sheet_type=sheet_type, context=context, write=True, **kwargs)
            if not result.ok:
                raise _NothingWritten(result)
            result.committed = True
    except _NothingWritten as stop:
        result = stop.result
        result.changes = []
    return result


class _NothingWritten(Exception):
    """A row failed after earlier chunks were written: leave the transaction, undoing them."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result


@contextmanager
def _collector_paused():
    """Python's cycle collector off while a ledger is read and written.

    An import holds hundreds of thousands of cells and rows, none in reference
    cycles; the collector would walk them all again and again (a quarter of the
    import's time) to free nothing. Reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


COMMIT_LOCK = 0x4C454447  # "LEDG": the advisory lock every ledger commit takes


def _one_commit_at_a_time() -> None:
    if connection.vendor == "postgresql":  # SQLite has one writer anyway
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COMMIT_LOCK])


def _run(
    data: bytes,
    *,
    sheet_type: SheetType,
    context: Context,
    write: bool,
    file_name: str = "",
    sheet: str = "",
) -> Result:
    context.progress(0.02, _("Reading the file"))
    sheets = _choose(read_workbook(data, file_name=file_name), sheet)
    result = Result(ok=False)
    parsed = _layouts(sheets, sheet_type, context, result, chosen=bool(sheet))
    del sheets
    result.samples = {kind: [] for kind in ("created", "updated", "unchanged")}
    planner = sheet_type.planner(context, lambda key: _column_texts(parsed, key))
    if planner is None:
        records = list(_records(parsed, sheet_type, context, _("Checking rows"), 0.45))
        _whole(records, sheet_type, context, result, write=write)
    else:
        text = _("Writing to the register") if write else _("Checking rows")
        rows = _records(parsed, sheet_type, context, text, 0.9)
        _chunked(rows, planner, sheet_type, context, result, write=write)
    problems = context.problems
    result.errors, result.warnings = problems.sorted_errors(), problems.warnings
    result.ok = not problems.errors
    return result


def _whole(records: list, sheet_type, context: Context, result: Result, *, write: bool) -> None:
    """Plan every record at once, then (no error at all) write them."""
    _no_rows(bool(records), context)
    context.progress(0.5, _("Comparing with the register"))
    plan = sheet_type.plan(records, context) if records else Plan()
    _count(plan, result)
    if write and not context.problems.errors and (plan.created or plan.updated):
        context.progress(0.7, _("Writing to the register"))
        result.changes = sheet_type.write(plan, context)


def _chunked(rows, planner, sheet_type, context: Context, result: Result, *, write: bool) -> None:
    """Plan ``CHUNK_ROWS`` records at a time and write each while nothing has failed.

    Only counts, samples, notes and change records outlive a chunk (bounded memory).
    """
    problems, any_record = context.problems, False
    for records in _chunks(rows, CHUNK_ROWS):
        any_record = True
        plan = planner.plan(records)
        _count(plan, result)
        if write and not problems.errors and (plan.created or plan.updated):
            result.changes += sheet_type.write(plan, context)
            bulk.check_constraints()  # the foreign keys checked now, while Python goes on
    _no_rows(any_record, context)


def _chunks(items, size: int):
    """Lists of ``size`` items; the first one a fifth of that, so PostgreSQL starts early."""
    chunk, limit = [], max(1, size // 5)
    for item in items:
        chunk.append(item)
        if len(chunk) == limit:
            yield chunk
            chunk, limit = [], size
    if chunk:
        yield chunk


def _count(plan: Plan, result: Result) -> None:
    result.created += len(plan.created)
    result.updated += len(plan.updated)
    result.unchanged += len(plan.unchanged)
    result.notes += plan.notes
    for kind in ("created", "updated", "unchanged"):
        kept = result.samples[kind]
        kept += [p.as_dict() for p in getattr(plan, kind)[: SAMPLE_ROWS - len(kept)]]


def _no_rows(any_record: bool, context: Context) -> None:
    if not any_record and not context.problems:
        raise BadFile(_("The ledger has a header but no rows to import."))


def _choose(sheets: list[Sheet], name: str) -> list[Sheet]:
    if not name:
        return sheets
    chosen = [s for s in sheets if s.name == name]
    if not chosen:
        raise BadFile(
            _("The workbook has no sheet named “%(name)s”; it has: %(names)s.")
            % {"name": name, "names": "、".join(s.name for s in sheets)}
        )
    return chosen


def _layouts(sheets, sheet_type, context, result, *, chosen: bool) -> list:
    """Each sheet's header and preamble, before any row: (sheet, layout) of those to import."""
    parsed, found_header = [], False
    matcher = headers.matcher_for(sheet_type)
    for sheet in sheets:
        layout = headers.layout_of(sheet.rows, matcher, sheet_type)
        if layout is None:
            if chosen:
                raise _no_header(sheet_type, sheet.name)
            result.skipped_sheets.append(sheet.name)
            continue
        found_header = True
        result.ignored_columns += [f"{sheet.name}: {h}" for h in layout.ignored]
        context.preamble[sheet.name] = layouts.preamble(sheet.rows, layout)
        if layout.missing:
            for column in layout.missing:
                context.problems.error(
                    sheet.name, layout.header_row + 1, column.label, _("required column missing")
                )
            result.mapping.append(
                headers.mapping_request(sheet.name, sheet.rows, layout, sheet_type)
            )
            continue
        parsed.append((sheet, layout))
    if not found_header:
        raise _no_header(sheet_type, "")
    return parsed


def _column_texts(parsed: list, column_key: str) -> set[str]:
    """Every cleaned text of one column below the headers (a planner's first look)."""
    texts = set()
    for sheet, layout in parsed:
        if column_key in layout.constants:
            texts.add(layout.constants[column_key])
        positions = [i for i, c in layout.mapping.items() if c.key == column_key]
        for i in positions:
            texts.update(clean(r[i]) for r in sheet.rows[layout.header_row + 1 :] if i < len(r))
    return texts


def _records(parsed: list, sheet_type, context, text: str, span: float):
    """The records of every sheet in order, one at a time; progress from 5% over ``span``."""
    total_rows = sum(len(sheet.rows) for sheet, _layout in parsed) or 1
    done = 0
    for sheet, layout in parsed:
        progress = _Progress(context, text, 0.05, span, done, total_rows)
        yield from _parse_rows(sheet, layout, sheet_type, context, progress)
        done += len(sheet.rows)


@dataclass
class _Progress:
    context: Context
    text: str
    start: float
    span: float
    done: int
    total: int

    def __call__(self, index: int) -> None:
        if (self.done + index) % PROGRESS_EVERY == 0:
            fraction = self.start + self.span * (self.done + index) / self.total
            self.context.progress(fraction, self.text)


def _parse_rows(sheet, layout, sheet_type, context, progress: _Progress):
    """Each cell is cleaned once here; every check of a row runs, whatever the others found.

    A row's cells are let go once it is parsed (a chunk's records are all that is held).
    """
    positions = [(i, c.key) for i, c in layout.mapping.items()]
    constants = layout.constants
    limits = [(c.key, c.max_length) for c in layout.mapping.values() if c.max_length]
    formulas = sheet.uncached_formulas
    rows = sheet.rows
    for index in range(layout.header_row + 1, len(rows)):
        progress(index)
        cells, rows[index] = rows[index], None
        width = len(cells)
        texts = {k: clean(cells[i]) for i, k in positions if i < width}
        if not layouts.is_data(texts, layout, cells):
            continue
        row = Row(
            sheet=sheet.name,
            number=index + 1,
            cells={k: cells[i] for i, k in positions if i < width} | constants,
            headers=layout.headers,
            problems=context.problems,
            texts=texts | constants if constants else texts,
        )
        if formulas:
            _check_formulas(row, layout, formulas)
        for column_key, limit in limits:
            if len(text := texts.get(column_key, "")) > limit:
                row.error(
                    column_key,
                    _("too long (%(length)s characters; at most %(limit)s)")
                    % {"length": len(text), "limit": limit},
                )
        if (record := sheet_type.parse(row)) is not None:
            yield record


def _check_formulas(row: Row, layout, formulas: set) -> None:
    for position, column in layout.mapping.items():
        if (row.number, position + 1) in formulas:
            row.error(
                column.key,
                _(
                    "the formula has no saved value: open the file in Excel, let it calculate, and save it"
                ),
            )


def _no_header(sheet_type: SheetType, sheet_name: str) -> BadFile:
    required = "、".join(str(c.label) for c in sheet_type.columns if c.required)
    where = _("Sheet “%(sheet)s”") % {"sheet": sheet_name} if sheet_name else _("The workbook")
    return BadFile(
        _("%(where)s has no recognisable header row: a ledger needs the columns %(columns)s.")
        % {"where": where, "columns": required}
    )
