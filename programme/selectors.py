"""Reads scoped to a user: a record outside the user's units is a 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from assessment.access import can_read_integrity_file
from programme.models import Letter, LetterBatch
from registry.roles import VIEW
from registry.scoping import visible_units


def visible_batches(user):
    return LetterBatch.objects.filter(unit__in=visible_units(user, VIEW)).select_related("unit")


def get_visible_batch(*, user, pk: int) -> LetterBatch:
    return get_object_or_404(visible_batches(user), pk=pk)


def get_visible_letter(*, user, pk: int) -> Letter:
    """The letter, when its unit is in reach; its scan only for who may read the person's file."""
    letter = get_object_or_404(
        Letter.objects.select_related("batch__unit", "person__unit"),
        pk=pk,
        batch__unit__in=visible_units(user, VIEW),
    )
    if not can_read_integrity_file(user, letter.person):
        raise PermissionDenied(_("You may not read this person's integrity file."))
    return letter


def batch_progress(batches) -> dict[int, dict]:
    """{batch id: issued, signed, missing, rate (percent, one decimal)} in one query."""
    if not batches:
        return {}
    rows = (
        Letter.objects.filter(batch__in=batches)
        .values("batch_id")
        .annotate(issued=Count("pk"), signed=Count("pk", filter=~Q(scan="")))
    )
    progress = {b.pk: {"issued": 0, "signed": 0, "missing": 0, "rate": None} for b in batches}
    for row in rows:
        issued, signed = row["issued"], row["signed"]
        progress[row["batch_id"]] = {
            "issued": issued,
            "signed": signed,
            "missing": issued - signed,
            "rate": round(100 * signed / issued, 1) if issued else None,
        }
    return progress
