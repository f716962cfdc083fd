"""The person's letters (and, below, education) in their integrity file (assessment app).

Registered in ``ProgrammeConfig.ready`` through ``assessment.integrity.register_section``.
"""

from django.utils.translation import gettext as _

from programme.choices import LetterKind
from programme.models import Letter


def letters_section(person, year: int) -> dict | None:
    letters = list(
        Letter.objects.filter(person=person, batch__year=year)
        .select_related("batch")
        .order_by("batch__kind")
    )
    if not letters:
        return None
    return {
        "title": _("Commitment and responsibility letters"),
        "template": "programme/_integrity_letters.html",
        "context": {"letters": letters, "year": year},
    }


def signed_commitment_letters(person_ids, year: int) -> set[int]:
    """Who signed this year's commitment letter: it counts as the signed integrity
    commitment of the index, like the single scanned commitment it replaces."""
    return set(
        Letter.objects.signed()
        .filter(person_id__in=person_ids, batch__year=year, batch__kind=LetterKind.COMMITMENT)
        .values_list("person_id", flat=True)
    )
