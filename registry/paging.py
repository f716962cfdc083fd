"""Pages of long lists that cost the same at page 1 and page 40,000.

An OFFSET makes the database read and throw away every row before the page, so a
deep page of a district's register took seconds. Here a page is found by the
sort key of the row next to it (keyset or "seek" pagination): the link to the
next page carries ``after=<key of this page's last row>``, the previous one
``before=<key of its first row>``, and the query starts there through the
index. Links to the pages just around the current one come from the same
queries (a few pages' rows are read ahead and behind), and the last page is the
first page of the reversed order.

The total is counted exactly up to ``EXACT_UP_TO`` rows; past it the planner's
estimate is shown as "about N" (on PostgreSQL), since an exact COUNT of a whole
district costs more than the page itself.

A sort the database cannot read from one index is given as ``parts`` (``Part``):
a sort by a column of a nullable relation (past an outer join no index gives the
order) or by a small table's order (the five risk categories: each holds a fifth of
a district, which an index on the category reads in id order only within one). Each
part is read in order and limited on its own, and only those few rows are sorted
together, in one UNION ALL query (PostgreSQL, for lists too long to count; elsewhere
the plain query).

Templates include ``registry/_pager.html`` with ``pager``; lists with a plain
Django ``Page`` keep ``registry/_pagination.html``, which shows the same links.
"""

import base64
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import F, Q, QuerySet

NEAR = 2  # pages linked on each side of the current one
EXACT_UP_TO = 10_000


@dataclass
class PageLink:
    label: str
    query: str
    current: bool = False


@dataclass(frozen=True)
class Part:
    """The rows matching ``where``, which the database reads in the list's order.

    ``key``: the values of the leading sort keys that every row of the part shares
    (the part is then read in the order of the remaining keys); None when they vary
    but are never null in the part.
    """

    where: Q
    key: tuple | None = None


@dataclass
class SeekPage:
    rows: list
    number: int | None  # None for the last page reached without knowing its number
    total: int
    total_is_estimate: bool
    links: list[PageLink] = field(default_factory=list)
    previous_query: str = ""
    next_query: str = ""
    first_query: str = ""
    last_query: str = ""

    @property
    def object_list(self) -> list:
        return self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous_query or self.next_query)


def seek_page(
    queryset: QuerySet,
    *,
    ordering,
    params,
    per_page: int,
    base_query: str = "",
    parts: Callable[[], Sequence[Part]] | None = None,
    annotations: dict | None = None,
) -> SeekPage:
    """The page of ``queryset`` (sorted by ``ordering``, lookups all ascending or all
    descending and ending in a unique one) that ``params`` ask for; ``parts``, if
    given, returns slices of ``queryset`` each read in order from an index (``Part``);
    ``annotations`` are selected with the rows only (not counted, not with the keys)."""
    keys = _Keys(queryset.model, ordering)
    total, estimated = count_rows(queryset)
    request = _request(params, keys)
    # A list short enough to be counted is sorted whole faster than read in parts
    # (walking a category's index for one unit's points read 200,000 entries).
    if parts is None or not estimated or not _unions_sorted(queryset):
        parts = ()
    else:
        parts = parts()
    pager = _Pager(queryset, keys, per_page, base_query, total, estimated, parts, annotations)
    try:
        return pager.page(*request)
    except (ValidationError, ValueError, TypeError):
        # A cursor edited by hand: the first page rather than an error page.
        return pager.page("first", None, 1)


def _unions_sorted(queryset: QuerySet) -> bool:
    return connections[queryset.db].features.supports_slicing_ordering_in_compound


def count_rows(queryset: QuerySet) -> tuple[int, bool]:
    """(number of rows, whether it is an estimate): exact up to ``EXACT_UP_TO``.

    On PostgreSQL the planner's estimate comes first (no rows read); only a
    small estimate is checked by counting, and that count stops at the limit.
    """
    connection = connections[queryset.db]
    estimate = planner_estimate(queryset) if connection.vendor == "postgresql" else 0
    if estimate > EXACT_UP_TO:
        return estimate, True
    bounded = queryset.order_by()[: EXACT_UP_TO + 1].count()
    if bounded <= EXACT_UP_TO:
        return bounded, False
    return max(estimate, bounded) if estimate else planner_estimate(queryset), True


def planner_estimate(queryset: QuerySet) -> int:
    """The number of rows PostgreSQL's planner expects; elsewhere, an exact count."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.order_by().count()
    try:
        sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter such as pk__in=[] that can match nothing
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", sql_params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def encode_cursor(values) -> str:
    raw = json.dumps([_plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> list:
    padded = text + "=" * (-len(text) % 4)
    values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    if not isinstance(values, list):
        raise ValueError("a cursor is a list")
    return values


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _request(params, keys: "_Keys") -> tuple[str, list | None, int | None]:
    """(direction, cursor, page number) from ``after=``, ``before=``, ``last=`` and ``page=``."""
    number = _positive(params.get("page"))
    if params.get("last"):
        return "last", None, None
    for direction in ("after", "before"):
        text = params.get(direction)
        if text:
            try:
                values = decode_cursor(text)
            except (ValueError, UnicodeDecodeError):
                break
            if len(values) == len(keys.lookups):
                return direction, values, number
    return "first", None, 1


def _positive(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


class _Keys:
    """The sort lookups of a list and how rows compare on them."""

    def __init__(self, model, ordering) -> None:
        self.model, self.ordering = model, tuple(ordering)
        self.descending = ordering[0].startswith("-")
        self.lookups = [lookup.lstrip("-") for lookup in ordering]
        self.nullable = [_nullable(model, lookup) for lookup in self.lookups]

    def after(self, count: int) -> "_Keys":
        """The keys after the first ``count``."""
        return _Keys(self.model, self.ordering[count:])

    def never_null(self) -> "_Keys":
        """The same keys, on rows where none of them is null."""
        keys = _Keys(self.model, self.ordering)
        keys.nullable = [False] * len(keys.lookups)
        return keys

    def order(self, reverse: bool = False, names=None) -> list:
        """The ORDER BY (of ``names`` when given: the keys selected under other names)."""
        descending = self.descending != reverse
        return [
            F(name).desc(nulls_first=True) if descending else F(name).asc(nulls_last=True)
            for name in names or self.lookups
        ]

    def of(self, row) -> list:
        """The key of a loaded row (relations joined by select_related)."""
        values = []
        for lookup in self.lookups:
            value = row
            for part in lookup.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values.append(value)
        return values

    def beyond(self, values: list, reverse: bool = False) -> Q:
        """Rows after ``values`` in this order (before them when ``reverse``)."""
        descending = self.descending != reverse
        condition = None
        # Built from the last key inwards: "a > x, or a = x and (the rest after)".
        for index in range(len(self.lookups) - 1, -1, -1):
            lookup, value = self.lookups[index], values[index]
            condition = _after_one(lookup, value, self.nullable[index], descending, condition)
        # Bounds the indexes can start from (the OR above alone they cannot use): the
        # first key at or beyond its value, and the first two together, which on a
        # related table's columns is checked on that table before its rows are joined.
        for count in range(1, min(len(self.lookups), 3)):
            if any(self.nullable[:count]) or None in values[:count]:
                break
            condition &= self._at_or_beyond(values, count, descending)
        return condition

    def _at_or_beyond(self, values: list, count: int, descending: bool) -> Q:
        """Rows whose first ``count`` keys are at or beyond ``values``."""
        lookup, value = self.lookups[count - 1], values[count - 1]
        bound = Q(**{f"{lookup}__lte" if descending else f"{lookup}__gte": value})
        for index in range(count - 2, -1, -1):
            lookup, value = self.lookups[index], values[index]
            beyond = Q(**{f"{lookup}__lt" if descending else f"{lookup}__gt": value})
            bound = beyond | (Q(**{lookup: value}) & bound)
        return bound


def _after_one(lookup: str, value, nullable: bool, descending: bool, rest: Q | None) -> Q:
    """Rows after ``value`` on one key; ``rest`` decides ties (None: the key is unique).
    Nulls come last going up and first going down (``_Keys.order``)."""
    is_null = Q(**{f"{lookup}__isnull": True})
    if value is None:
        tie = is_null & rest if rest is not None else Q(pk__in=[])
        return Q(**{f"{lookup}__isnull": False}) | tie if descending else tie
    beyond = Q(**{f"{lookup}__{'lt' if descending else 'gt'}": value})
    if nullable and not descending:
        beyond |= is_null
    return beyond if rest is None else beyond | (Q(**{lookup: value}) & rest)


def _nullable(model, lookup: str) -> bool:
    current = model
    for part in lookup.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return True
        if f.null:
            return True
        current = f.related_model or current
    return False


def _position(key: tuple, values: list, descending: bool) -> int:
    """-1, 0 or 1: ``key`` comes before, with or after the first of ``values`` in
    this order (nulls last going up, first going down, as ``_Keys.order``)."""
    for mine, theirs in zip(key, values[: len(key)], strict=True):
        if mine == theirs:
            continue
        if mine is None or theirs is None:
            later = (mine is None) != descending
        else:
            later = (mine > theirs) != descending
        return 1 if later else -1
    return 0


class _Pager:
    def __init__(
        self, queryset, keys, per_page, base_query, total, estimated, parts=(), annotations=None
    ):
        self.queryset, self.keys, self.per_page = queryset, keys, per_page
        self.base, self.total, self.estimated = base_query, total, estimated
        self.parts, self.annotations = parts, annotations or {}
        self.pages = max(1, math.ceil(total / per_page))

    def page(self, direction: str, cursor, number) -> SeekPage:
        if direction in ("first", "after"):
            keys = self._keys_read(cursor, False)
            shown, ahead = keys[: self.per_page], keys[self.per_page :]
            behind = self._keys_read(shown[0], True) if shown and cursor else []
            if direction == "first":
                number = 1
        else:
            keys = self._keys_read(cursor, True)
            size = self.per_page
            if direction == "last" and not self.estimated and self.total % self.per_page:
                # The last page holds the remainder, so going back from it meets the
                # same pages as going forward from the first.
                size = self.total % self.per_page
            behind, shown = keys[size:], keys[:size][::-1]
            if direction == "before" and len(keys) < self.per_page + 1:
                return self.page("first", None, 1)
            ahead = self._keys_read(shown[-1], False) if shown else []
            if direction == "last":
                number = self.pages if not self.estimated else None
        return self._assemble(self._rows(shown), shown, number, ahead, behind, direction)

    def _rows(self, keys: list[list]) -> list:
        """The shown rows, whole, by the unique last key of each (a second query).

        Read after the keys rather than with them: the keys come from the indexes
        alone, and only the page's own rows are joined to their unit, department,
        post and category and given their figures. Sorting a unit's few thousand
        points with those joins made took 25 ms; the keys alone take 2."""
        if not keys:
            return []
        unique = self.keys.lookups[-1]
        wanted = [key[-1] for key in keys]
        queryset = self.queryset.order_by()
        if self.annotations:
            queryset = queryset.annotate(**self.annotations)
        found = {self.keys.of(row)[-1]: row for row in queryset.filter(**{f"{unique}__in": wanted})}
        return [found[value] for value in wanted if value in found]

    def _keys_read(self, start: list | None, reverse: bool) -> list[list]:
        """The sort keys of the next window of rows beyond ``start``."""
        return [list(row) for row in self._ordered(start, reverse, self.per_page * NEAR + 1)]

    def _ordered(self, cursor, reverse: bool, limit: int):
        """The keys of the first ``limit`` rows beyond ``cursor`` (from the start when
        None), in one query: with parts, each part's first rows, then these sorted
        together by the keys (selected under their own names, which the union's
        ORDER BY refers to)."""
        queryset, names = self.queryset, self.keys.lookups
        if self.parts:
            names = [f"seek_key_{index}" for index in range(len(names))]
            queryset = queryset.annotate(**dict(zip(names, map(F, self.keys.lookups), strict=True)))
        queryset = queryset.values_list(*names)
        slices = [
            queryset.filter(where).order_by(*keys.order(reverse))[:limit]
            for where, keys in self._slices(cursor, reverse)
        ]
        if len(slices) <= 1:
            return slices[0] if slices else []
        union = slices[0].union(*slices[1:], all=True)
        return union.order_by(*self.keys.order(reverse, names))[:limit]

    def _slices(self, cursor, reverse: bool):
        """(condition, keys to read it in) for each part that has rows beyond ``cursor``."""
        if not self.parts:
            yield (Q() if cursor is None else self.keys.beyond(cursor, reverse)), self.keys
            return
        descending = self.keys.descending != reverse
        for part in self.parts:
            if part.key is None:  # its leading keys vary, never null
                keys = self.keys.never_null()
                if cursor is None or (cursor[0] is None and descending):
                    yield part.where, keys
                elif cursor[0] is not None:
                    yield part.where & keys.beyond(cursor, reverse), keys
                continue
            rest = self.keys.after(len(part.key))
            position = 1 if cursor is None else _position(part.key, cursor, descending)
            if position > 0:
                yield part.where, rest
            elif position == 0:
                yield part.where & rest.beyond(cursor[len(part.key) :], reverse), rest

    def _assemble(self, rows, shown, number, ahead, behind, direction) -> SeekPage:
        """The page of ``rows``, whose keys are ``shown``."""
        page = SeekPage(rows, number, self.total, self.estimated)
        if not shown:
            return page
        first_key, last_key = shown[0], shown[-1]
        at_start = direction == "first" or not behind
        at_end = not ahead
        if number is None and at_start:
            number = page.number = 1
        page.first_query = self._query()
        page.last_query = self._query(last="1")
        if not at_start:
            page.previous_query = self._query(before=encode_cursor(first_key), page=_minus(number))
        if not at_end:
            page.next_query = self._query(after=encode_cursor(last_key), page=_plus(number))
        page.links = self._links(number, first_key, last_key, ahead, behind, at_start, at_end)
        return page

    def _links(self, number, first_key, last_key, ahead, behind, at_start, at_end):
        """Numbered links for the pages within ``NEAR`` of this one."""
        per = self.per_page
        before_links = []
        if not at_start and number is not None:
            starts = [first_key] + [
                behind[k * per - 1] for k in range(1, NEAR) if len(behind) > k * per
            ]
            for k, key in enumerate(starts, start=1):
                if number - k < 1:
                    break
                # Page (number - k) ends just before ``key``; page 1 has its own plain link.
                whole = len(behind) >= k * per
                query = (
                    self._query(before=encode_cursor(key), page=number - k)
                    if whole
                    else self._query()
                )
                before_links.insert(0, PageLink(str(number - k), query))
                if not whole:
                    break
        current = [PageLink(str(number) if number else "…", "", current=True)]
        after_links = []
        if not at_end:
            ends = [last_key] + [ahead[k * per - 1] for k in range(1, NEAR) if len(ahead) > k * per]
            for k, key in enumerate(ends, start=1):
                label = str(number + k) if number else "+" + str(k)
                after_links.append(
                    PageLink(label, self._query(after=encode_cursor(key), page=_plus(number, k)))
                )
        return before_links + current + after_links

    def _query(self, **extra) -> str:
        parts = [self.base] if self.base else []
        parts += [f"{name}={value}" for name, value in extra.items() if value not in (None, "")]
        return "&".join(parts)


def _plus(number, k: int = 1):
    return number + k if number else None


def _minus(number):
    return number - 1 if number and number > 1 else None
