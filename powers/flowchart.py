"""The flow chart of a power (权力运行流程图) as SVG text, drawn on the server.

Steps run top to bottom (A4 portrait). A step carrying risk points gets a ★
coloured by its highest level; every step group carries ``data-order`` and
``data-risk-level`` so tests and scripts can read the chart without parsing
drawings. The same text is embedded in the page and offered as a download.
"""

import unicodedata
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from powers.models import PowerItem
from powers.selectors import StepView
from registry.choices import RiskLevel
from registry.levels import LEVEL_COLOURS, LEVEL_TINTS

WIDTH = 680
BOX_X, BOX_W = 40, 520
TITLE_SIZE, NAME_SIZE, META_SIZE = 17, 15, 12
LINE = 19
GAP = 30  # between boxes, where the arrow runs
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
LEVEL_FILLS = LEVEL_TINTS
INK, MUTED, LINE_COLOUR = "#1f2933", "#616e7c", "#5a6b7b"


def level_labels() -> dict[int, str]:
    """Read per call: the labels follow the active language."""
    return {level.value: str(level.label) for level in RiskLevel}


def text_width(text: str, size: int) -> float:
    """Approximate width: CJK and full-width characters take 1em, others about half."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return (wide + 0.56 * (len(text) - wide)) * size


def wrap(text: str, size: int, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into lines that fit ``width``; the last line ends in … if cut."""
    lines, current = [], ""
    for ch in text:
        if text_width(current + ch, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _text(x: float, y: float, content: str, size: int, **attrs) -> str:
    extra = "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for name, v in attrs.items()
    )
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}"{extra}>{escape(content)}</text>'


def _step_meta(step) -> str:
    parts = [_("Post: %(post)s") % {"post": step.post.name if step.post_id else "—"}]
    if step.time_limit:
        parts.append(_("Time limit: %(limit)s") % {"limit": step.time_limit})
    return " · ".join(parts)


def _step(view: StepView, top: float) -> tuple[str, float]:
    """One step's group and its height."""
    step, level = view.step, view.top_level
    name_lines = wrap(f"{step.order}. {step.name}", NAME_SIZE, BOX_W - 24, 2)
    height = 16 + LINE * len(name_lines) + META_SIZE + 14
    stroke = LEVEL_COLOURS.get(level, LINE_COLOUR)
    parts = [
        f'<g class="flow-step" id="flow-step-{step.order}" data-order="{step.order}"'
        f' data-step-id="{step.pk}" data-risk-level="{level or ""}"'
        f' data-risk-count="{len(view.points)}">',
        f"<title>{escape(step.name)}</title>",
        f'<rect x="{BOX_X}" y="{top:.0f}" width="{BOX_W}" height="{height:.0f}" rx="6"'
        f' fill="{LEVEL_FILLS.get(level, "#ffffff")}" stroke="{stroke}"'
        f' stroke-width="{2 if level else 1.2}"/>',
    ]
    y = top + 12 + NAME_SIZE
    for line in name_lines:
        parts.append(_text(BOX_X + 12, y, line, NAME_SIZE, font_weight="bold", fill=INK))
        y += LINE
    parts.append(_text(BOX_X + 12, y + 2, _step_meta(step), META_SIZE, fill=MUTED))
    if level:
        middle = top + height / 2
        parts.append(
            _text(
                BOX_X + BOX_W + 14,
                middle + 9,
                "★",
                26,
                fill=stroke,
                class_="risk-star",
                data_order=step.order,
                data_level=level,
            )
        )
        label = _("%(count)d risk point(s), highest level %(level)d") % {
            "count": len(view.points),
            "level": level,
        }
        parts.append(
            _text(
                BOX_X + BOX_W + 44,
                middle + 5,
                level_labels()[level],
                12,
                fill=stroke,
                font_weight="bold",
                aria_label=label,
            )
        )
    parts.append("</g>")
    return "".join(parts), height


def _arrow(x: float, y1: float, y2: float) -> str:
    return (
        f'<line x1="{x}" y1="{y1:.0f}" x2="{x}" y2="{y2 - 2:.0f}" stroke="{LINE_COLOUR}"'
        ' stroke-width="1.5" marker-end="url(#arrow)"/>'
    )


def _legend(top: float) -> tuple[str, float]:
    parts, x = [], BOX_X
    parts.append(_text(x, top + 14, _("Risk points on a step:"), META_SIZE, fill=MUTED))
    x += text_width(_("Risk points on a step:"), META_SIZE) + 12
    labels = level_labels()
    for level, colour in LEVEL_COLOURS.items():
        parts.append(_text(x, top + 15, "★", 16, fill=colour))
        parts.append(_text(x + 18, top + 14, labels[level], META_SIZE, fill=INK))
        x += 30 + text_width(labels[level], META_SIZE)
    return '<g class="legend">' + "".join(parts) + "</g>", 24


def flow_chart_svg(power: PowerItem, steps: list[StepView]) -> str:
    """The whole chart as a standalone SVG document (also valid inline in HTML)."""
    title_lines = wrap(f"{power.code} {power.name}", TITLE_SIZE, WIDTH - 2 * BOX_X, 2)
    body, y = [], 20.0
    for line in title_lines:
        y += TITLE_SIZE + 4
        body.append(
            _text(
                WIDTH / 2, y, line, TITLE_SIZE, font_weight="bold", fill=INK, text_anchor="middle"
            )
        )
    subtitle = _("Process flow · %(unit)s · %(count)d steps") % {
        "unit": power.unit.name,
        "count": len(steps),
    }
    y += 20
    body.append(_text(WIDTH / 2, y, subtitle, META_SIZE, fill=MUTED, text_anchor="middle"))
    y += 18
    for index, view in enumerate(steps):
        if index:
            body.append(_arrow(BOX_X + BOX_W / 2, y - GAP, y))
        group, height = _step(view, y)
        body.append(group)
        y += height + GAP
    legend, legend_height = _legend(y - GAP + 14)
    body.append(legend)
    height = y - GAP + 14 + legend_height + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-chart" role="img"'
        f' viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}"'
        f' font-family="{FONT}" data-power={quoteattr(power.code)}'
        f" aria-label={quoteattr(power.name)}>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        f' markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{LINE_COLOUR}"/>'
        "</marker></defs>"
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )
