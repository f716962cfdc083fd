"""Finding the header row of a messy sheet, and telling data rows from the rest.

Above the header: titles, "填报单位: …" lines. Below the data: a 合计 row and a
signature block. In between: blank spacer rows and repeated headers. None of
these is an error.
"""

import re
from dataclasses import dataclass

from registry.ledger.sheets import Column
from registry.ledger.text import clean, key

HEADER_SEARCH_ROWS = 30
_HEADER_NOISE = re.compile(r"[*＊:：]|[(（][^)）]*[)）]")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
_SIGNATURE = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|复核人|联系人|联系电话|填报日期|填表日期|日期|注|说明"
    r"|(单位)?(主要)?负责人|分管领导|签字|签名|盖章)[^:：]{0,10}[:：]"
)


def header_key(text) -> str:
    """ "风险\\n等级", "风险等级*", "风险等级（一级/二级/三级）" all read as "风险等级"."""
    return key(_HEADER_NOISE.sub("", clean(text)))


@dataclass
class Layout:
    header_row: int  # 0-based index into the sheet's rows
    mapping: dict[int, Column]  # 0-based column index → known column
    headers: dict[str, str]  # column key → header text as written
    ignored: list[str]  # headers of unknown columns
    missing: list[Column]  # required columns that are not there
    raw: dict[int, str]  # 0-based column index → the header cell exactly as written


def synonyms_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    index = {}
    for column in columns:
        for name in (column.label, *column.synonyms):
            index.setdefault(header_key(name), column)
    return index


def find_header(rows: list[list], columns: tuple[Column, ...]) -> Layout | None:
    """The row among the first thirty that names the most known columns (at least two)."""
    index = synonyms_index(columns)
    best, best_hits = None, 1
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({index[k].key for k in map(header_key, row) if k in index})
        if hits > best_hits:
            best, best_hits = number, hits
    return None if best is None else _layout(best, rows[best], index, columns)


def _layout(number: int, row: list, index: dict[str, Column], columns) -> Layout:
    mapping, headers, ignored = {}, {}, []
    for position, cell in enumerate(row):
        text = clean(cell)
        if not text:
            continue
        column = index.get(header_key(text))
        if column is None:
            ignored.append(text.replace("\n", ""))
        elif column.key in headers:
            ignored.append(text.replace("\n", ""))  # a second column for the same field
        else:
            mapping[position] = column
            headers[column.key] = text.replace("\n", "")
    missing = [c for c in columns if c.required and c.key not in headers]
    raw = {i: row[i] for i in mapping}
    return Layout(number, mapping, headers, ignored, missing, raw)


def is_data(row: list, layout: Layout) -> bool:
    """False for blank rows, repeated headers, a 合计 row and the signature block."""
    stored = [row[i] for i, c in layout.mapping.items() if c.stored and i < len(row)]
    if not any(clean(value) for value in stored if value not in ("", None)):
        return False
    first = next((clean(cell) for cell in row if cell not in ("", None)), "").replace(" ", "")
    if _TOTAL.match(first) or _SIGNATURE.match(first):
        return False
    # A header repeated on a later page: at least two cells are the header's own text.
    repeated = sum(1 for i, text in layout.raw.items() if i < len(row) and row[i] == text)
    return repeated < 2


def preamble(rows: list[list], layout: Layout) -> str:
    """The text above the header: titles, "填报单位: … 填报日期: …"."""
    lines = (" ".join(clean(c) for c in row if clean(c)) for row in rows[: layout.header_row])
    return "\n".join(line for line in lines if line)
