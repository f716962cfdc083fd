"""One search box across the product: each app contributes the kinds it owns.

An app's ``search.py`` (registry's own too) calls ``register`` with a ``SearchKind`` whose ``find`` reads
through that app's own scoped selectors (found the way the admin finds ``admin.py``),
so this module never imports an app above it and never scopes anything itself.
Every kind answers in one query of at most ``limit + 1`` rows: the results page
costs a fixed number of queries however large the register grows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.utils.module_loading import autodiscover_modules

PER_KIND = 10
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    order: int
    find: Callable  # find(user, text, limit) -> list[Hit], scoped to the user
    shown_to: Callable = field(default=lambda user: True)  # may the user search this kind


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    hits: list[Hit]
    more: bool  # there are more than the hits shown


KINDS: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    KINDS[kind.key] = kind


@cache
def _discover() -> None:
    autodiscover_modules("search")


def clean_query(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def search(*, user, text: str, limit: int = PER_KIND) -> list[Group]:
    """Hits of every kind the user may search, in the kinds' order; empty kinds left out."""
    _discover()
    text = clean_query(text)
    if not text:
        return []
    groups = []
    for kind in sorted(KINDS.values(), key=lambda kind: kind.order):
        if not kind.shown_to(user):
            continue
        hits = kind.find(user, text, limit + 1)
        if hits:
            groups.append(Group(kind, hits[:limit], len(hits) > limit))
    return groups
