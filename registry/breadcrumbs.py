"""Breadcrumbs: where a page sits, derived from its URL name and the object it shows.

Each app describes its own pages in a ``crumbs.py`` module that calls ``register``
(found the way the admin finds ``admin.py``), so this module never imports an app
above it. base.html renders the trail once, for every page that has a parent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.text import Truncator

LABEL_LENGTH = 40


@dataclass(frozen=True)
class Crumb:
    """One page: a fixed label, or the object in the context variable ``obj``."""

    label: str | None = None
    # URL name of the page one level up, or a callable taking this page's object and
    # returning it (a page reached from two places, e.g. a drawn or a planned inspection)
    parent: str | Callable | None = None
    obj: str | None = None  # context variable holding the object this page shows
    up: Callable | None = None  # the parent page's object from this page's (default: the same)


PAGES: dict[str, Crumb] = {}


def register(pages: dict[str, Crumb]) -> None:
    PAGES.update(pages)


@cache
def _discover() -> None:
    autodiscover_modules("crumbs")


def trail(view_name: str | None, context) -> list[tuple[str, str | None]]:
    """[(label, url)] from the top down to this page (whose url is None); [] at the top."""
    _discover()
    page = PAGES.get(view_name or "")
    if page is None or page.parent is None:
        return []
    obj = context.get(page.obj) if page.obj else None
    if page.obj and obj is None:
        return []
    crumbs = [(_label(page, obj), None)]
    while page.parent:
        parent_name = page.parent(obj) if callable(page.parent) else page.parent
        parent = PAGES.get(parent_name)
        if parent is None:
            return []
        if parent.obj:
            obj = page.up(obj) if page.up else obj
            if obj is None:
                return []
        else:
            obj = None
        try:
            url = reverse(parent_name, args=[obj.pk] if parent.obj else [])
        except NoReverseMatch:
            return []
        crumbs.append((_label(parent, obj), url))
        page = parent
    return crumbs[::-1]


def _label(page: Crumb, obj) -> str:
    text = str(page.label) if page.label else str(obj)
    return Truncator(text).chars(LABEL_LENGTH)
