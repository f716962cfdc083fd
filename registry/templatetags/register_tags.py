import functools

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from registry.people import display_name

register = template.Library()


@register.simple_tag
def sort_header(label, key, current, query):
    """A column header that sorts by ``key`` and flips direction on the second click."""
    ascending = current == key
    target = f"-{key}" if ascending else key
    arrow = "▲" if current == key else "▼" if current == f"-{key}" else ""
    separator = "&" if query else ""
    href = f"?{query}{separator}{urlencode({'sort': target})}"
    return format_html(
        '<a href="{}" class="sort">{} <span aria-hidden="true">{}</span></a>', href, label, arrow
    )


@register.filter
def level_class(level) -> str:
    return {1: "level-1", 2: "level-2", 3: "level-3"}.get(level, "")


@register.filter
def display(instance, field_name: str) -> str:
    """``instance.get_<field_name>_display()`` without rebuilding the field's choices
    on every call (150 calls made a quarter of the register page's rendering)."""
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    return str(_labels(field).get(value, value))


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


@register.filter
def person_name(user) -> str:
    """A login shown by the person's name (see ``registry.people.display_name``)."""
    return display_name(user)


@register.simple_tag
def page_numbers(page):
    """Page numbers around ``page`` (a Django Page), with "…" for the gaps: the
    numbered links of registry/_pagination.html, as registry/_pager.html has them."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def history_rows(entries, show_object: bool):
    """The rows of a history table (registry/_history_entries.html), built here
    rather than by template loops: a change-log page of 50 entries with up to
    fifteen changed fields each spent about a third of its CPU in those loops."""
    if not entries:
        empty = _("No changes recorded.")
        return format_html('<tr><td colspan="5" class="empty">{}</td></tr>', empty)
    return mark_safe("".join(_history_row(entry, show_object) for entry in entries))


def _history_row(entry, show_object: bool) -> str:
    record, kind = entry.record, entry.record.history_type
    when = timezone.localtime(entry.when) if timezone.is_aware(entry.when) else entry.when
    cells = (
        f'<td class="nowrap">{when:%Y-%m-%d %H:%M:%S}</td>'
        f"<td>{escape(entry.user_label or _('system'))}</td>"
        f"<td>{escape(entry.change_type)} · {escape(entry.model_label)}</td>"
    )
    if show_object:
        url = reverse("registry:object_history", args=[entry.model_key, record.id])
        cells += f'<td><a href="{escape(url)}">{escape(entry.object_label)}</a></td>'
    return f'<tr class="change-{escape(kind)}">{cells}<td>{_changes_html(entry.changes, kind)}</td></tr>'


def _changes_html(changes, kind: str) -> str:
    if not changes:
        return f'<span class="muted">{escape(_("No field changed"))}</span>' if kind == "~" else ""
    rows = []
    for change in changes:
        old = (
            f'<td class="old"><del>{escape(change.old)}</del></td><td class="arrow">→</td>'
            if kind == "~"
            else ""
        )
        rows.append(
            f'<tr><th>{escape(change.label)}</th>{old}<td class="new">{escape(change.new)}</td></tr>'
        )
    return f'<table class="diff">{"".join(rows)}</table>'


@register.simple_tag
def register_rows(page):
    """The register's rows (registry/riskpoint_list.html), built here rather than by
    a template loop: fifty rows of twelve cells made a sixth of the page's CPU."""
    if not page:
        empty = _("No risk points match these filters.")
        return format_html('<tr><td colspan="12" class="empty">{}</td></tr>', empty)
    return mark_safe("".join(_register_row(point) for point in page))


def _register_row(point) -> str:
    url = reverse("registry:riskpoint_detail", args=[point.pk])
    level = escape(display(point, "level"))
    return (
        f"<tr><td>{escape(point.code)}</td>"
        f'<td><a href="{escape(url)}">{escape(point.name)}</a></td>'
        f"<td>{escape(point.unit)}</td>"
        f"<td>{escape(point.department or '—')}</td>"
        f"<td>{escape(point.post or '—')}</td>"
        f"<td>{escape(display(point, 'scope'))}</td>"
        f'<td><span class="badge {level_class(point.level)}">{level}</span></td>'
        f"<td>{escape(point.category)}</td>"
        f'<td class="num">{point.measure_count}</td>'
        f"<td>{escape(point.responsible_name or '—')}</td>"
        f"<td>{escape(display(point, 'status'))}</td>"
        f'<td class="num">{point.year}</td></tr>'
    )
