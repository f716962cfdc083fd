from django import template

from registry.levels import LEVEL_COLOURS, LEVEL_INK

register = template.Library()


@register.simple_tag
def heat_style(count: int, peak: int, level: int) -> str:
    """A cell's background: its level's colour whatever the count, so that a few level-1
    points never look paler than many level-3 ones (the number carries the count)."""
    if not count:
        return ""
    return f"background: {LEVEL_COLOURS[level]}; color: {LEVEL_INK[level]};"


@register.filter
def index(sequence, position: int):
    return sequence[position]


@register.filter
def level_label(level) -> str:
    from registry.choices import RiskLevel

    return RiskLevel(level).label if level in RiskLevel.values else "—"


@register.filter
def band_label(band) -> str:
    from assessment.choices import Band

    return Band(band).label if band in Band.values else "—"
