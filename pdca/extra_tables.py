"""Tables higher apps add to the cycle dashboard, the annual report and its Excel file.

Extension point (higher apps must not be imported from here):

``register_cycle_table(callable)``
    The callable takes ``(cycle, units)`` — the cycle and the units on the
    page, as a list — and returns ``{"title": str, "headers": [str], "rows":
    [[cell, ...]]}`` with one row per unit in the given order, or ``None`` to
    show nothing. It should query in bulk. The programme app registers its
    yearly figures (education, rules, letters, filing) this way::

        from pdca.extra_tables import register_cycle_table
        register_cycle_table(programme_table)

Each table appears below the page's own table and as a sheet of its own in
the annual report's Excel file.
"""

from collections.abc import Callable

_tables: list[Callable] = []


def register_cycle_table(table: Callable) -> None:
    if table not in _tables:
        _tables.append(table)


def cycle_tables(cycle, units: list) -> list[dict]:
    return [t for t in (table(cycle, units) for table in _tables) if t]
