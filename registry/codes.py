"""Ledger codes (风险点编号) as the register keeps them, the same in forms and imports.

Trimmed, full-width forms folded (``ＣＺ－００１`` → ``CZ-001``), no spaces; case is kept
as written but does not make a second code: the database's unique constraint is on
the lower-cased code within a unit.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SPACES = re.compile(r"\s+")


def normalise_code(text: str | None) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def ledger_code_for(pattern: str, *, unit_code: str, year: int, seq: int) -> str:
    if "{seq" not in pattern:
        # Without the number every point would get the same code.
        raise ValidationError(
            _("The ledger code pattern “%(pattern)s” needs {seq}, the unit's running number.")
            % {"pattern": pattern}
        )
    try:
        return normalise_code(pattern.format(unit_code=unit_code, year=year, seq=seq))
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("The ledger code pattern “%(pattern)s” cannot be used: %(error)s")
            % {"pattern": pattern, "error": error}
        ) from error


def assign_ledger_code(point) -> None:
    """Give a new point without a code its unit's next code for its year.

    Call inside the transaction that saves the point: the sequence row stays locked
    until it commits, and a rollback returns the number, so there are no gaps. A
    number whose code someone already wrote by hand is passed over.
    """
    from registry.models import LedgerCodeSequence, RiskPoint

    if point.code or point.pk or not point.unit_id:
        return
    unit = point.unit
    pattern = unit.ledger_code_pattern or settings.LEDGER_CODE_PATTERN
    LedgerCodeSequence.objects.get_or_create(unit_id=unit.pk, year=point.year)
    sequence = LedgerCodeSequence.objects.select_for_update().get(unit_id=unit.pk, year=point.year)
    taken = RiskPoint.objects.filter(unit_id=unit.pk, revision_of__isnull=True)
    while True:
        sequence.last += 1
        code = ledger_code_for(pattern, unit_code=unit.code, year=point.year, seq=sequence.last)
        if not taken.filter(code__iexact=code).exists():
            break
    sequence.save(update_fields=["last"])
    point.code = code
