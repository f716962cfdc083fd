from django import template

register = template.Library()

# The level colours of app.css (--l1, --l2, --l3) as RGB, for graded shading.
LEVEL_RGB = {1: (198, 40, 40), 2: (239, 108, 0), 3: (46, 125, 50)}


@register.simple_tag
def heat_style(count: int, peak: int, level: int) -> str:
    """A cell's background: the level's colour, stronger with more points."""
    if not count or not peak:
        return ""
    alpha = 0.15 + 0.85 * count / peak
    red, green, blue = LEVEL_RGB[level]
    ink = "#fff" if alpha > 0.55 else "inherit"
    return f"background: rgba({red}, {green}, {blue}, {alpha:.2f}); color: {ink};"


@register.filter
def index(sequence, position: int):
    return sequence[position]


@register.filter
def level_label(level) -> str:
    from registry.choices import RiskLevel

    return RiskLevel(level).label if level in RiskLevel.values else "—"
