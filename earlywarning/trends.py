"""The district's trends per quarter: new risk points by level, points on the register
by level, warning information, and rectification closed off on time.

Each app answers for its own figures with one grouped query (``registry.selectors``,
``earlywarning.selectors``, ``pdca.selectors``); this module lines them up by quarter
and lays out bar charts that the template draws as SVG on the server.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from earlywarning.chart import nice_ceiling
from earlywarning.selectors import warnings_per_quarter
from pdca.selectors import rectification_per_quarter
from registry.choices import RiskLevel
from registry.selectors import points_per_quarter

QUARTERS = 8
WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 22, 34


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_quarters(today: datetime.date, count: int = QUARTERS) -> list[datetime.date]:
    """The first days of the ``count`` quarters up to and including today's, oldest first."""
    first = quarter_start(today)
    quarters = [first]
    for _i in range(count - 1):
        first = quarter_start(first - datetime.timedelta(days=1))
        quarters.append(first)
    return quarters[::-1]


def quarter_label(day: datetime.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@dataclass
class Series:
    key: str
    css: str
    label: str


def district_trends(*, user, today: datetime.date) -> dict:
    """Every chart's series per quarter (four grouped queries in all)."""
    quarters = last_quarters(today)
    since = quarters[0]
    new = points_per_quarter(user=user, since=datetime.date(2000, 1, 1))
    before = [sum(counts[i] for q, counts in new.items() if q < since) for i in range(3)]
    warnings = warnings_per_quarter(user=user, since=since)
    items = rectification_per_quarter(user=user, since=since, today=today)
    levels = [Series(f"l{v}", f"fill-level-{v}", str(label)) for v, label in RiskLevel.choices]
    new_rows = [new.get(q, [0, 0, 0]) for q in quarters]
    running, on_register = before, []
    for counts in new_rows:
        running = [a + b for a, b in zip(running, counts, strict=True)]
        on_register.append(running)
    item_rows = [list(items.get(q, (0, 0, 0, 0))) for q in quarters]
    labels = [quarter_label(q) for q in quarters]
    return {
        "quarters": quarters,
        "new_points": stacked_bars(labels, levels, new_rows),
        "points_by_level": stacked_bars(labels, levels, on_register),
        "warnings": grouped_bars(
            labels,
            [
                Series("received", "fill-received", _("Information received")),
                Series("verified", "fill-verified", _("Verified")),
            ],
            [list(warnings.get(q, (0, 0))) for q in quarters],
        ),
        "rectification": stacked_bars(
            labels,
            [
                Series("on_time", "fill-on-time", _("Closed off on time")),
                Series("late", "fill-late", _("Closed off late")),
                Series("overdue", "fill-overdue", _("Open past the deadline")),
                Series("pending", "fill-pending", _("Not yet due")),
            ],
            item_rows,
            notes=[_on_time_share(row) for row in item_rows],
        ),
        "rectification_rows": list(zip(labels, item_rows, strict=True)),
    }


def _on_time_share(row: list[int]) -> str:
    """Closed off on time among the items already due or closed, as a percentage."""
    on_time, late, overdue, _pending = row
    due = on_time + late + overdue
    return f"{on_time / due:.0%}" if due else ""


def _frame(labels: list[str], top: int) -> dict:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    step = max(top // 5, 1)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "tick_x": LEFT - 5,
        "label_y": HEIGHT - BOTTOM + 16,
        "slot": slot,
        "plot_h": plot_h,
        "ticks": [
            {"y": f"{TOP + plot_h - plot_h * v / top:.1f}", "value": v}
            for v in range(0, top + 1, step)
        ],
        "labels": [
            {"x": f"{LEFT + i * slot + slot / 2:.1f}", "text": text}
            for i, text in enumerate(labels)
        ],
    }


def stacked_bars(
    labels: list[str], series: list[Series], rows: list[list[int]], notes: list[str] = ()
) -> dict:
    """One bar per quarter, its series stacked bottom-up; the total (or a note) above it."""
    top = nice_ceiling(max((sum(row) for row in rows), default=0))
    chart = _frame(labels, top)
    slot, plot_h, base = chart["slot"], chart["plot_h"], chart["baseline"]
    bars, heads = [], []
    for i, row in enumerate(rows):
        x, y = LEFT + i * slot + slot * 0.2, base
        for item, value in zip(series, row, strict=True):
            h = plot_h * value / top
            if value:
                bars.append(_bar(x, y - h, slot * 0.6, h, value, item))
            y -= h
        note = notes[i] if notes else (str(sum(row)) if sum(row) else "")
        heads.append({"x": f"{x + slot * 0.3:.1f}", "y": f"{y - 5:.1f}", "text": note})
    return {**chart, "bars": bars, "heads": heads, "series": series}


def grouped_bars(labels: list[str], series: list[Series], rows: list[list[int]]) -> dict:
    """Bars side by side per quarter, each with its value above it."""
    top = nice_ceiling(max((max(row) for row in rows), default=0))
    chart = _frame(labels, top)
    slot, plot_h, base = chart["slot"], chart["plot_h"], chart["baseline"]
    width = slot * 0.7 / len(series)
    bars, heads = [], []
    for i, row in enumerate(rows):
        for j, (item, value) in enumerate(zip(series, row, strict=True)):
            x, h = LEFT + i * slot + slot * 0.15 + j * width, plot_h * value / top
            bars.append(_bar(x, base - h, width, h, value, item))
            if value:
                heads.append(
                    {"x": f"{x + width / 2:.1f}", "y": f"{base - h - 4:.1f}", "text": value}
                )
    return {**chart, "bars": bars, "heads": heads, "series": series}


def _bar(x: float, y: float, width: float, height: float, value: int, series: Series) -> dict:
    return {
        "x": f"{x:.1f}",
        "y": f"{y:.1f}",
        "width": f"{width:.1f}",
        "height": f"{height:.1f}",
        "value": value,
        "css": series.css,
        "label": series.label,
    }
