from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.simple_tag
def mark(m, url: str = ""):
    """A unit against a deadline: the date it was done and whether that was on time."""
    if m is None:
        return ""
    labels = {
        "on_time": _("on time"),
        "late": _("late"),
        "missing": _("missing"),
        "open": _("not yet"),
        "done": _("done"),
    }
    day = timezone.localdate(m.done_at).isoformat() if m.done_at else ""
    due = _("due %(date)s") % {"date": m.due_on.isoformat()} if m.due_on else ""
    earlier = " earlier" if m.missed_earlier else ""
    if earlier:
        due = _("%(due)s, in an earlier phase") % {"due": due}
    text = format_html(
        '<span class="mark mark-{}{}" title="{}">{} {}</span>',
        m.state,
        earlier,
        due,
        day,
        labels[m.state],
    )
    return format_html('<a href="{}">{}</a>', url, text) if url else text
