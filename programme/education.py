"""Reads on integrity education: a unit's yearly figures and a person's record."""

from django.db.models import Count
from django.utils.translation import gettext as _

from programme.models import Attendance, EducationActivity


def education_figures(units, year: int) -> dict[int, dict]:
    """{unit id: activities, by kind [(name, n)], people reached, person-times} in three queries.

    Chongwen measures education by quantity and density: how many activities of
    which kinds, and how many people they reached.
    """
    figures = {u.pk: {"activities": 0, "kinds": [], "reached": 0, "attendances": 0} for u in units}
    activities = EducationActivity.objects.filter(unit__in=units, held_on__year=year)
    by_kind = activities.values("unit_id", "kind__name", "kind__sort_order").annotate(n=Count("pk"))
    for row in by_kind.order_by("kind__sort_order"):
        figure = figures[row["unit_id"]]
        figure["activities"] += row["n"]
        figure["kinds"].append((row["kind__name"], row["n"]))
    attended = (
        Attendance.objects.filter(activity__in=activities)
        .values("activity__unit_id")
        .annotate(reached=Count("person", distinct=True), times=Count("pk"))
    )
    for row in attended:
        figures[row["activity__unit_id"]].update(reached=row["reached"], attendances=row["times"])
    return figures


def education_section(person, year: int) -> dict | None:
    """The person's education record in their integrity file (廉政档案)."""
    rows = list(
        Attendance.objects.filter(person=person, activity__held_on__year=year)
        .select_related("activity__kind", "activity__unit")
        .order_by("activity__held_on")
    )
    if not rows:
        return None
    return {
        "title": _("Integrity education"),
        "template": "programme/_integrity_education.html",
        "context": {"rows": rows, "year": year},
    }
