"""Reads on filing upward: which units filed, when, and who is late."""

import datetime

from django.utils import timezone

from programme.models import Filing
from programme.services.filing import deadline_for


def filing_rows(units, year: int, today: datetime.date | None = None) -> list[dict]:
    """One row per unit: its filing (or None), the deadline, and whether it is late —
    filed after the deadline, or not filed with the deadline passed."""
    today = today or timezone.localdate()
    units = list(units)
    filings = {f.unit_id: f for f in Filing.objects.filter(unit__in=units, year=year)}
    deadlines: dict[str, datetime.date] = {}
    rows = []
    for unit in units:
        root = unit.path.split("/")[1]
        if root not in deadlines:
            deadlines[root] = deadline_for(unit, year)
        filing = filings.get(unit.pk)
        due = filing.due_on if filing and filing.due_on else deadlines[root]
        late = filing.filed_on > due if filing else today > due
        rows.append({"unit": unit, "filing": filing, "due_on": due, "late": late})
    return rows
