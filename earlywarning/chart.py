"""The monthly trend chart, drawn on the server as SVG (no JavaScript, no CDN)."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 16, 40


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    value: int
    series: str


def _n(value: float) -> str:
    """SVG coordinates are written unlocalised, one decimal."""
    return f"{value:.1f}"


def nice_ceiling(value: int) -> int:
    """The top of the axis: 1, 2, 5, 10, 20, 50 … at or above ``value``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= max(value, 1):
                return step * factor
        step *= 10


def trend_geometry(trend: list[dict]) -> dict:
    """Coordinates of paired bars (received, verified) per month, and the axis ticks."""
    top = nice_ceiling(max((m["received"] for m in trend), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(trend), 1)
    bar_w = slot * 0.35
    bars, labels = [], []
    for i, month in enumerate(trend):
        x0 = LEFT + i * slot + slot * 0.15
        for offset, series in ((0, "received"), (bar_w, "verified")):
            h = plot_h * month[series] / top
            bars.append(
                Bar(_n(x0 + offset), _n(TOP + plot_h - h), _n(bar_w), _n(h), month[series], series)
            )
        labels.append(
            {"x": _n(LEFT + i * slot + slot / 2), "text": month["month"].strftime("%Y-%m")}
        )
    ticks = [{"y": _n(TOP + plot_h - plot_h * v / top), "value": v} for v in _tick_values(top)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": HEIGHT - BOTTOM + 16,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
    }


def _tick_values(top: int) -> list[int]:
    step = max(top // 5, 1)
    return list(range(0, top + 1, step))
