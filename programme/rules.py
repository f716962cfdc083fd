"""Reads on rule building: the yearly counts Shayang reports (清理 126 项，新建 39 项)."""

from django.db.models import Count

from programme.choices import RuleChangeKind
from programme.models import RuleChange


def rule_counts(units, year: int) -> dict[int, dict[str, int]]:
    """{unit id: {new, revised, abolished}} for the year, in one query."""
    counts = {u.pk: {kind.value: 0 for kind in RuleChangeKind} for u in units}
    rows = (
        RuleChange.objects.filter(rule__unit__in=units, on__year=year)
        .values("rule__unit_id", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["rule__unit_id"]][row["kind"]] = row["n"]
    return counts
