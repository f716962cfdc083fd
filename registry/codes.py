"""Ledger codes (风险点编号) as the register keeps them, the same in forms and imports.

Trimmed, full-width forms folded (``ＣＺ－００１`` → ``CZ-001``), no spaces; case is kept
as written but does not make a second code: the database's unique constraint is on
the lower-cased code within a unit.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise_code(text: str | None) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
