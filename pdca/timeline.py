"""The cycle's calendar as a strip: its phases to scale, its deadlines, and today.

Geometry only, drawn by the template as SVG on the server (no JavaScript, no CDN).
"""

import datetime

WIDTH, HEIGHT = 1000, 92
LEFT, RIGHT = 8, 8
BAR_TOP, BAR_H = 30, 30


def _n(value: float) -> str:
    return f"{value:.1f}"


def cycle_timeline(phases: list, deadlines: list, today: datetime.date, in_force=None) -> dict:
    """Phases as bars across the year, a tick per deadline, and a "today" line (clamped
    to the ends when today is outside the year, with ``today_outside`` set)."""
    if not phases:
        return {}
    year = phases[0].starts_on.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    span = (end - start).days + 1
    width = WIDTH - LEFT - RIGHT

    def x(day: datetime.date) -> float:
        offset = min(max((day - start).days, 0), span)
        return LEFT + width * offset / span

    bars = [
        {
            "x": _n(x(p.starts_on)),
            "width": _n(max(x(p.ends_on + datetime.timedelta(days=1)) - x(p.starts_on), 2)),
            "mid": _n((x(p.starts_on) + x(p.ends_on + datetime.timedelta(days=1))) / 2),
            "stage": p.stage,
            "label": p.get_stage_display(),
            "name": p.name,
            "current": in_force is not None and p.pk == in_force.pk,
            "dates": f"{p.starts_on:%m-%d} – {p.ends_on:%m-%d}",
        }
        for p in phases
    ]
    ticks = [
        {"x": _n(x(d.due_on)), "name": d.name, "due": d.due_on, "past": d.due_on < today}
        for d in deadlines
    ]
    months = [
        {"x": _n(x(datetime.date(year, m, 1))), "day": datetime.date(year, m, 1)}
        for m in range(1, 13)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bar_top": BAR_TOP,
        "bar_h": BAR_H,
        "bar_bottom": BAR_TOP + BAR_H,
        "label_y": BAR_TOP + BAR_H / 2 + 5,
        "month_y": BAR_TOP + BAR_H + 16,
        "bars": bars,
        "ticks": ticks,
        "months": months,
        "today_x": _n(x(today)),
        "today": today,
        "today_outside": not (start <= today <= end),
        "today_anchor": "end" if x(today) > WIDTH - 80 else "start",
        "today_label_x": _n(x(today) - 4 if x(today) > WIDTH - 80 else x(today) + 4),
    }
