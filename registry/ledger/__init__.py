"""Excel ledgers (台账): one import engine for every sheet type, and the export.

Public API
----------
- ``preview(data, sheet_type=..., context=...)`` → ``Result``: what an import
  would create, update and leave unchanged, and every error; writes nothing.
- ``commit(data, sheet_type=..., context=...)`` → ``Result``: the same, then,
  only if there is no error, all rows in one transaction (``result.committed``).
- ``BadFile``: the file cannot be read at all; ``.message`` is the one sentence
  the user sees. ``Problem(sheet, row, column, message)``: one cell's problem.
- ``Context(by=user, options={...}, problems=Problems())``: the importing user
  (history and scope), options (``create_missing``, ``year``) and a
  ``progress(fraction, text)`` callback.
- ``batches``: the ``ImportBatch`` services the views, tasks and the
  ``import_ledger`` command use (upload, check, commit, ``import_file``).
- ``get_sheet_type(key)``, ``sheet_types()``: registered sheet types.

Adding a sheet type (the powers app's power list, for example)
----------------------------------------------------------------
1. In your app, subclass ``registry.ledger.SheetType``; set ``key`` (e.g.
   ``"power_items"``), ``label`` and ``columns``: ``Column(key, label,
   synonyms, required=, max_length=)``. ``label`` is the header export writes;
   ``synonyms`` are the other headers real files use. The engine matches them
   ignoring spaces, line breaks, full-width forms, ``*`` and ``(…)`` notes.
2. ``parse(row)``: turn one ``Row`` into a record. Read cells with
   ``row.text(key)`` (cleaned once by the engine) / ``row.value(key)`` (raw)
   and report with ``row.error(key, message)`` (translated; sheet, row and
   header are added for you; one error per cell: a cell the engine already
   flagged, too long or an uncalculated formula, keeps its first message).
   ``parse`` is called for every data row, even one with such errors, so all
   of a row's problems are reported in one pass. Return None when the row
   cannot become a record, or a record your ``plan`` checks but does not plan
   (the register's ``RiskRecord.failed``). No database access here.
3. ``plan(records, context)``: load what you match against in a fixed number
   of queries (never per row), decide created / updated / unchanged, return a
   ``Plan`` (``Planned`` rows for the preview, your own ``payload``). Report
   matching errors with ``context.problems.error(sheet, row, column, message)``.
4. ``write(plan, context)``: called inside the transaction only when nothing
   failed; write with ``bulk_create_with_history`` /
   ``bulk_update_with_history`` (``default_user=context.by``,
   ``default_change_reason=context.change_reason``) and return a ``Change``
   for each created or updated object (the batch links to them).
   Optional, for large files: ``planner(context, column_texts)`` returning an
   object whose ``plan(records)`` plans one chunk after another (everything it
   matches against loaded once, from ``column_texts(key)``); the commit then
   writes each chunk while the next is checked (``RiskPointSheet`` does this).
5. Decorate the class with ``@register`` and import the module from your
   ``AppConfig.ready()`` so the views, the tasks and the command know it.
   ``registry/ledger/risk_points.py`` is the worked example.
"""

# The register's own sheet type registers itself on import.
from registry.ledger import risk_points  # noqa: F401
from registry.ledger.engine import Result, commit, preview
from registry.ledger.problems import BadFile, Problem, Problems
from registry.ledger.sheets import (
    Change,
    Column,
    Context,
    Plan,
    Planned,
    Row,
    SheetType,
    get_sheet_type,
    register,
    sheet_types,
)

__all__ = [
    "BadFile",
    "Change",
    "Column",
    "Context",
    "Plan",
    "Planned",
    "Problem",
    "Problems",
    "Result",
    "Row",
    "SheetType",
    "commit",
    "get_sheet_type",
    "preview",
    "register",
    "sheet_types",
]
