"""Normalising what people type into ledgers: widths, spaces, levels, years, measure lists."""

import datetime
import functools
import re
import unicodedata

# Full-width digits and Latin letters become half-width; Chinese punctuation stays as typed.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_HALF_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_HALF_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_HALF_WIDTH[0x3000] = 0x20  # ideographic space
_HALF_WIDTH[0xA0] = 0x20
# Characters XML 1.0 forbids (control characters but tab and line breaks, U+FFFE/U+FFFF):
# a cell pasted from another system may carry them, and export could not write them back.
_CELL_TABLE = dict(_HALF_WIDTH)
_CELL_TABLE.update({code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))})
_CELL_TABLE.update({0x7F: None, 0xFFFE: None, 0xFFFF: None})
# Most cells have nothing to translate: finding that out is ten times cheaper than translating.
_NEEDS_TABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\xa0\u3000\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\ufffe\uffff]")

_SPACES = re.compile(r"\s+")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's serial dates


def clean(value) -> str:
    """A cell as trimmed text: numbers without a spurious ".0", dates as ISO dates.

    The one cell-cleaning function: full-width digits and letters made half-width,
    characters XML forbids removed. The engine calls it once per cell.
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case first
        return (value.translate(_CELL_TABLE) if _NEEDS_TABLE.search(value) else value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).translate(_CELL_TABLE).strip()


@functools.lru_cache(maxsize=65536, typed=True)
def key(value) -> str:
    """A comparison key: compatibility forms folded, no spaces or line breaks, case-folded.

    Cached: a ledger names the same units, departments, posts and people thousands of times.
    """
    return fold(clean(value))


def fold(text: str) -> str:
    """``key`` of text that is already clean."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


_LEVELS = {
    "1": 1, "一": 1, "i": 1, "高": 1, "high": 1,
    "2": 2, "二": 2, "ii": 2, "中": 2, "medium": 2,
    "3": 3, "三": 3, "iii": 3, "低": 3, "low": 3,
}  # fmt: skip
_LEVEL_NOISE = re.compile(r"(风险|等级|级别|级|level)")


def parse_level(value) -> int | None:
    """一级/二级/三级, 高/中/低, 1/2/3, Ⅰ/Ⅱ/Ⅲ, with or without 级; None if none of these."""
    text = value if isinstance(value, str) else clean(value)
    return _LEVELS.get(_LEVEL_NOISE.sub("", fold(text)))


_YEAR = re.compile(r"(19|20)\d\d")


def parse_year(value) -> int | None:
    """A year from 2026, "2026年", "2026年度", a date, or an Excel serial date number."""
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if 1900 <= number <= 2100:
            return number
        if 20000 < number < 80000:  # an Excel serial date (1954–2119)
            return (EXCEL_EPOCH + datetime.timedelta(days=number)).year
        return None
    found = _YEAR.search(clean(value))
    return int(found.group()) if found else None


_DATE_LIKE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$"
)


class NotADate(ValueError):
    """Text written like a date that is no date (2026-13-45)."""


def date_text(value) -> str:
    """A date column's cell as text: dates and Excel serial numbers become YYYY-MM-DD.

    Text that looks like a date must be one (``NotADate`` otherwise); other text
    ("长期", "2026年底前") is kept as written.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # Excel's own range: 1900-01-01 … 9999-12-31
            raise NotADate(clean(value))
        return (EXCEL_EPOCH + datetime.timedelta(days=int(value))).isoformat()
    text = value if isinstance(value, str) else clean(value)
    found = _DATE_LIKE.match(text)
    if found is None:
        return text
    try:
        return datetime.date(int(found["y"]), int(found["m"]), int(found["d"])).isoformat()
    except ValueError:
        raise NotADate(text) from None


# Numbering that starts a measure: 1、 1. 1) (1) ① 一、 — at a line start or after ；。
# (circled numbers count anywhere: "①…②…" is often written on one line).
_MARKER = re.compile(
    r"(?:^|(?<=[\n；;。]))[ \t]*"
    r"(?:(?P<arabic>\d{1,2})(?:[、)）]|[.．](?!\d))|[(（](?P<paren>\d{1,2})[)）]"
    r"|(?P<chinese>[一二三四五六七八九十]{1,2})、)"
    r"|(?P<circled>[①-⑳])"
)
_CHINESE_DIGITS = "一二三四五六七八九十"
_TRIM = " \t\r\n；;，,"


def _marker_number(match: re.Match) -> int:
    if match["arabic"] or match["paren"]:
        return int(match["arabic"] or match["paren"])
    if match["circled"]:
        return ord(match["circled"]) - ord("①") + 1
    text = match["chinese"]
    if len(text) == 1:
        return _CHINESE_DIGITS.index(text) + 1
    return 10 + (_CHINESE_DIGITS.index(text[1]) + 1 if text[0] == "十" else 0)


def split_measures(text: str) -> list[str]:
    """Several measures in one cell, split on numbering, else on line breaks, else on ；.

    Numbering counts only when it runs 1, 2, 3… in order, so "实行“1+2”审核" or
    "50万元以上" inside a measure never splits it.
    """
    text = text.replace("\r\n", "\n")  # already clean: half-width, trimmed
    if not text:
        return []
    cuts, expected = [], 1
    for match in _MARKER.finditer(text):
        if _marker_number(match) == expected:
            cuts.append(match)
            expected += 1
    if cuts and cuts[0].start() == 0 or len(cuts) > 1:
        preamble = text[: cuts[0].start()].strip(_TRIM)
        pieces = [preamble] if preamble and not preamble.endswith((":", "：")) else []
        pieces += [
            text[match.end() : cuts[i + 1].start() if i + 1 < len(cuts) else len(text)]
            for i, match in enumerate(cuts)
        ]
    elif "\n" in text:
        pieces = text.split("\n")
    else:
        pieces = re.split(r"[；;]", text)
    return [piece.strip(_TRIM) for piece in pieces if piece.strip(_TRIM)]


def number_measures(texts: list[str]) -> str:
    """Measures written back into one cell, the way the importer reads them."""
    if len(texts) == 1 and not re.search(r"[\n；;]", texts[0]):
        return texts[0]
    return "\n".join(f"{i}、{text}" for i, text in enumerate(texts, start=1))
