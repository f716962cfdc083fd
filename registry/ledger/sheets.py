"""What a sheet type is: its columns, and the three steps a consumer implements.

A sheet type (the register's risk points; the power list in ``powers``) is a
``SheetType`` subclass registered with ``register``. The engine does the
reading, header finding, row skipping, length and formula checks; the sheet type
turns rows into records (``parse``), compares them with the database in bulk
(``plan``) and writes them (``write``). See ``registry.ledger`` for the guide.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from registry.ledger.problems import Problems
from registry.ledger.text import clean


@dataclass(frozen=True)
class Column:
    """A column the importer knows: ``label`` is what export writes, ``synonyms`` what it reads."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None
    stored: bool = True  # False for a serial-number column: known, read, never imported
    width: int = 14  # export column width, in characters


@dataclass
class Row:
    """One data row: raw cell values by column key, and where it sits in the file.

    ``texts`` are the same cells cleaned (``text.clean``), done once by the engine.
    """

    sheet: str
    number: int  # as Excel shows it
    cells: dict[str, Any]
    headers: dict[str, str]  # column key → the header text as written in this file
    problems: Problems
    texts: dict[str, str] | None = None
    failed: set[str] = field(default_factory=set)  # columns already reported: one error a cell

    def text(self, key: str) -> str:
        if self.texts is None:
            self.texts = {k: clean(v) for k, v in self.cells.items()}
        return self.texts.get(key, "")

    def value(self, key: str) -> Any:
        return self.cells.get(key)

    def has(self, key: str) -> bool:
        return key in self.headers

    def error(self, key: str, message: str) -> None:
        if key in self.failed:
            return
        self.failed.add(key)
        self.problems.error(self.sheet, self.number, self.headers.get(key, key), message)

    def warn(self, key: str, message: str) -> None:
        self.problems.warn(self.sheet, self.number, self.headers.get(key, key), message)


@dataclass
class Planned:
    """One row of the preview: what will happen to which object, and which fields change."""

    sheet: str
    row: int
    label: str
    changed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "label": self.label, "changed": self.changed}


@dataclass
class Plan:
    """What a commit would do. ``payload`` is the sheet type's own, handed back to ``write``."""

    created: list[Planned] = field(default_factory=list)
    updated: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "creates department 预算股 in 县财政局"
    payload: Any = None


@dataclass
class Change:
    """An object written by a commit, for the batch's links (``ImportedChange``).

    ``obj`` is the saved instance; a writer that inserts plain rows (no instances)
    gives ``model`` and ``pk`` instead.
    """

    action: str  # "created" or "updated"
    sheet: str
    row: int
    obj: Any
    label: str
    model: Any = None
    pk: int | None = None


@dataclass
class Context:
    """Everything a sheet type may need besides the rows."""

    by: Any  # the importing user, or None from the command line
    options: dict
    problems: Problems
    preamble: dict[str, str] = field(default_factory=dict)  # sheet → text above its header
    change_reason: str = ""
    progress: Callable[[float, str], None] = lambda fraction, text: None


class SheetType:
    """Base class of a consumer. Subclass, set the attributes, implement the three steps."""

    key: str = ""
    label: str = ""
    columns: tuple[Column, ...] = ()

    def parse(self, row: Row) -> Any | None:
        """A record for one row, or None when the row has errors (report them on ``row``)."""
        raise NotImplementedError

    def plan(self, records: list, context: Context) -> Plan:
        """Compare all records with the database in a fixed number of queries; no writes."""
        raise NotImplementedError

    def write(self, plan: Plan, context: Context) -> list[Change]:
        """Apply a clean plan inside the engine's transaction, with history by ``context.by``."""
        raise NotImplementedError

    def planner(self, context: Context, column_texts: Callable[[str], set[str]]) -> Any | None:
        """Optional: an object whose ``plan(records)`` plans one chunk of the file after
        another (each chunk's ``Plan`` is handed to ``write`` while nothing has failed),
        or None to plan the whole file at once. ``column_texts(key)`` gives every text
        of a column, to load what the planner matches against once, before the first
        chunk. The chunks' plans together must equal ``plan`` of all records."""
        return None


_SHEET_TYPES: dict[str, SheetType] = {}


def register(sheet_type: type[SheetType]) -> type[SheetType]:
    """Class decorator: make a sheet type known to the engine, the views and the command."""
    _SHEET_TYPES[sheet_type.key] = sheet_type()
    return sheet_type


def get_sheet_type(key: str) -> SheetType:
    return _SHEET_TYPES[key]


def sheet_types() -> dict[str, SheetType]:
    return dict(_SHEET_TYPES)
