import functools

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

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
