"""Finding the header row of a messy sheet, and telling data rows from the rest.

Above the header: titles, "填报单位: …" lines. Below the data: a 合计 row and a
signature block. In between: blank spacer rows and repeated headers. None of
these is an error.

Headers are matched by name with scores: a header that is exactly a column's
label or synonym wins over one that only contains it ("所属单位名称" contains
"单位"); a header two columns claim equally is left for the user to map.
"""

import hashlib
import re
from dataclasses import dataclass, field

from registry.ledger.sheets import Column
from registry.ledger.text import clean, key

HEADER_SEARCH_ROWS = 30
EXACT = 1.0
_HEADER_NOISE = re.compile(r"[*＊:：]|[(（][^)）]*[)）]")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
_SIGNATURE = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|复核人|联系人|联系电话|填报日期|填表日期|日期|注|说明"
    r"|(单位)?(主要)?负责人|分管领导|签字|签名|盖章)[^:：]{0,10}[:：]"
)
# "填报单位：县财政局  填报日期：2026年3月31日": label, then value, several per line.
_NAMED_ABOVE = re.compile(r"([^\s:：]{2,12})\s*[:：]\s*([^\s:：]+)")


def header_key(text) -> str:
    """ "风险\\n等级", "风险等级*", "风险等级（一级/二级/三级）" all read as "风险等级"."""
    return key(_HEADER_NOISE.sub("", clean(text)))


class Matcher:
    """Scores a header against every column's label and synonyms (code's and the admins')."""

    def __init__(self, columns: tuple[Column, ...], extra: dict[str, list[str]] | None = None):
        self.columns = columns
        self.names: list[tuple[str, Column]] = []
        for column in columns:
            texts = (column.label, *column.synonyms, *(extra or {}).get(column.key, ()))
            for name in dict.fromkeys(header_key(t) for t in texts if clean(t)):
                self.names.append((name, column))

    def scores(self, text) -> dict[str, float]:
        """Column key → score in (0, 1]: 1 for an exact name, less the more extra words."""
        header, found = header_key(text), {}
        if not header:
            return found
        for name, column in self.names:
            if name == header:
                score = EXACT
            elif len(name) >= 2 and name in header:
                score = 0.5 + 0.49 * len(name) / len(header)
            else:
                continue
            found[column.key] = max(score, found.get(column.key, 0))
        return found

    def best(self, text) -> tuple[str | None, float]:
        """The one column a header names, or None when none or two tie."""
        ranked = sorted(self.scores(text).items(), key=lambda item: -item[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None, 0.0
        return ranked[0]


@dataclass
class Layout:
    header_row: int  # 0-based index into the sheet's rows
    mapping: dict[int, Column]  # 0-based column index → known column
    headers: dict[str, str]  # column key → header text as written
    ignored: list[str]  # headers of unknown columns
    missing: list[Column]  # required columns that are not there
    raw: dict[int, str]  # 0-based column index → the header cell exactly as written
    signature: str = ""  # the header layout, to remember a mapping by
    written: dict[int, str] = field(default_factory=dict)  # every non-empty header cell
    constants: dict[str, str] = field(default_factory=dict)  # column key → value named above

    def stored_keys(self) -> list[str]:
        """Keys of the mapped columns that are imported (not a serial number)."""
        if getattr(self, "_stored", None) is None:
            self._stored = [c.key for c in self.mapping.values() if c.stored]
        return self._stored


def find_header(rows: list[list], matcher: Matcher) -> Layout | None:
    """The row among the first thirty that names the most known columns (at least two)."""
    best, best_rank = None, (0, 0.0)
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, float] = {}
        for cell in row:
            column, score = matcher.best(cell) if cell not in ("", None) else (None, 0)
            if column is not None:
                found[column] = max(score, found.get(column, 0))
        rank = (len(found), sum(found.values()))
        if len(found) >= 2 and rank > best_rank:
            best, best_rank = number, rank
    return None if best is None else layout_for(best, rows[best], matcher)


def layout_for(number: int, row: list, matcher: Matcher, chosen: dict | None = None) -> Layout:
    """Which header names which column: ``chosen`` (position → column key or "") first,
    then the best scores, each column taken once, exact names before contained ones."""
    by_key = {c.key: c for c in matcher.columns}
    written = {i: clean(cell).replace("\n", "") for i, cell in enumerate(row) if clean(cell)}
    mapping: dict[int, Column] = {}
    if chosen is not None:
        for position, column_key in chosen.items():
            if int(position) in written and column_key in by_key:
                mapping[int(position)] = by_key[column_key]
    else:
        candidates = []
        for position, text in written.items():
            column_key, score = matcher.best(text)
            if column_key is not None:
                candidates.append((-score, position, column_key))
        taken = set()
        for _score, position, column_key in sorted(candidates):
            if column_key not in taken:
                mapping[position], taken = by_key[column_key], taken | {column_key}
    headers = {c.key: written[i] for i, c in sorted(mapping.items())}
    ignored = [text for i, text in written.items() if i not in mapping]
    missing = [c for c in matcher.columns if c.required and c.key not in headers]
    raw = {i: row[i] for i in mapping}
    return Layout(number, mapping, headers, ignored, missing, raw, signature(row), written)


def signature(row: list) -> str:
    """The same headers in the same places give the same signature, whatever their case."""
    keys = [header_key(cell) for cell in row]
    while keys and not keys[-1]:
        keys.pop()
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()[:32]


def named_above(rows: list[list], layout: Layout, matcher: Matcher) -> dict[str, str]:
    """Missing columns a line above the header names once: "填报单位：县财政局" → unit."""
    found = {}
    missing = {c.key for c in layout.missing}
    for line in preamble(rows, layout).splitlines():
        for label, value in _NAMED_ABOVE.findall(line):
            column_key, _score = matcher.best(label)
            if column_key in missing and column_key not in found:
                found[column_key] = value
    return found


def is_data(texts: dict[str, str], layout: Layout, row: list) -> bool:
    """False for blank rows, repeated headers, a 合计 row and the signature block.

    ``texts``: the row's mapped cells by column key, cleaned once.
    """
    if not any(texts.get(k) for k in layout.stored_keys()):
        return False
    first = next((i for i, cell in enumerate(row) if cell not in ("", None)), None)
    if first is None:
        return False
    column = layout.mapping.get(first)
    first = (texts[column.key] if column else clean(row[first])).replace(" ", "")
    if _TOTAL.match(first) or _SIGNATURE.match(first):
        return False
    # A header repeated on a later page: at least two cells are the header's own text.
    repeated = sum(1 for i, text in layout.raw.items() if i < len(row) and row[i] == text)
    return repeated < 2


def preamble(rows: list[list], layout: Layout) -> str:
    """The text above the header: titles, "填报单位: … 填报日期: …"."""
    lines = (" ".join(clean(c) for c in row if clean(c)) for row in rows[: layout.header_row])
    return "\n".join(line for line in lines if line)
