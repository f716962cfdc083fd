"""The person's letters (and, below, education) in their integrity file (assessment app).

Registered in ``ProgrammeConfig.ready`` through ``assessment.integrity.register_section``.
"""

from django.utils.translation import gettext as _

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
