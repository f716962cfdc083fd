"""Header matching as data: the synonyms administrators add, and the column mappings
users chose for a header layout, remembered for every later file with the same headers.

The engine asks here, once per import, for the ``Matcher`` of a sheet type and,
once per sheet, for the mapping remembered for its header layout.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from registry.ledger import layout as layouts
from registry.ledger.problems import BadFile
from registry.ledger.sheets import SheetType
from registry.models import ColumnMapping, HeaderSynonym

SAMPLE_VALUES = 3  # values shown beside each header in the mapping step


def matcher_for(sheet_type: SheetType) -> layouts.Matcher:
    extra: dict[str, list[str]] = {}
    for column, text in HeaderSynonym.objects.filter(sheet_type=sheet_type.key).values_list(
        "column", "text"
    ):
        extra.setdefault(column, []).append(text)
    return layouts.Matcher(sheet_type.columns, extra)


def layout_of(rows: list[list], matcher: layouts.Matcher, sheet_type: SheetType):
    """The sheet's layout: found by score, then as a user mapped this header layout before."""
    layout = layouts.find_header(rows, matcher)
    if layout is None:
        return None
    chosen = (
        ColumnMapping.objects.filter(sheet_type=sheet_type.key, signature=layout.signature)
        .values_list("choices", flat=True)
        .first()
    )
    if chosen is not None:
        layout = layouts.layout_for(layout.header_row, rows[layout.header_row], matcher, chosen)
    layout.constants = layouts.named_above(rows, layout, matcher)
    layout.missing = [c for c in layout.missing if c.key not in layout.constants]
    return layout


def mapping_request(sheet_name: str, rows: list[list], layout, sheet_type: SheetType) -> dict:
    """What the mapping step shows: each header beside a few of its values, and the guess."""
    data = [row for row in rows[layout.header_row + 1 :] if any(c not in ("", None) for c in row)][
        :SAMPLE_VALUES
    ]
    guesses = {i: c.key for i, c in layout.mapping.items()}
    return {
        "sheet": sheet_name,
        "signature": layout.signature,
        "missing": [str(c.label) for c in layout.missing],
        "above": sorted(layout.constants),  # column keys a line above the header names
        "headers": [
            {
                "position": i,
                "text": text,
                "column": guesses.get(i, ""),
                "samples": [
                    layouts.clean(r[i]) for r in data if i < len(r) and r[i] not in ("", None)
                ],
            }
            for i, text in layout.written.items()
        ],
    }


@transaction.atomic
def remember_mapping(
    *,
    sheet_type: SheetType,
    signature: str,
    headers: dict[int, str],
    choices: dict[int, str],
    above: tuple[str, ...] = (),
    by,
) -> ColumnMapping:
    """Keep a user's mapping for this header layout; ``BadFile`` when it cannot work."""
    known = {c.key: c for c in sheet_type.columns}
    picked = [k for k in choices.values() if k]
    if unknown := [k for k in picked if k not in known]:
        raise BadFile(_("Unknown column: %(keys)s") % {"keys": "、".join(unknown)})
    twice = sorted({str(known[k].label) for k in picked if picked.count(k) > 1})
    if twice:
        raise BadFile(_("Each field may be chosen once: %(labels)s") % {"labels": "、".join(twice)})
    missing = [
        str(c.label)
        for c in sheet_type.columns
        if c.required and c.key not in picked and c.key not in above
    ]
    if missing:
        raise BadFile(_("Still missing: %(labels)s") % {"labels": "、".join(missing)})
    mapping, _created = ColumnMapping.objects.update_or_create(
        sheet_type=sheet_type.key,
        signature=signature,
        defaults={
            "headers": {str(i): t for i, t in headers.items()},
            "choices": {str(i): k for i, k in choices.items()},
            "created_by": by,
        },
    )
    return mapping
