"""The global change log's pages: every tracked history table merged, newest
first, found by position (keyset) rather than by OFFSET.

The order is (time, model, history id), all descending: the model breaks ties
between tables, the id within one. A page is one UNION ALL in which each
table that holds any row gives at most a window of its rows past the cursor,
read backwards along its (history_date, history_id) index (registry.historical),
so page 1 and page 100,000 cost the same however many rows the tables hold. The diffs are computed afterwards from the records
themselves (registry.history.page_entries), exactly as before.
"""

import hashlib
import json
import re
from datetime import UTC, datetime

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.dateparse import parse_datetime

from registry.historical import CHANGE_LOG_ORDER
from registry.history import (
    ChangeLogFilter,
    change_log_keys,
    filtered_querysets,
    history_rows,
    page_entries,
)
from registry.paging import (
    EXACT_UP_TO,
    NEAR,
    PageLink,
    SeekPage,
    decode_cursor,
    encode_cursor,
)

ESTIMATE_KEPT_SECONDS = 60


def change_log_page(*, viewer, filters: ChangeLogFilter, params, per_page: int, base_query: str):
    """The page of the change log ``params`` ask for (``after=``/``before=`` a cursor)."""
    querysets = _filtered_with_rows(viewer, filters)
    if not querysets:
        return SeekPage([], 1, 0, False)
    branches = _branches(querysets)
    direction, cursor = _position(params)
    number = _number(params.get("page"))
    keys = _window(branches, cursor, reverse=direction == "before", limit=per_page * NEAR + 1)
    if direction == "before":
        if len(keys) <= per_page:  # nothing before this page but the first one
            direction, cursor, number = "first", None, 1
            keys = _window(branches, None, reverse=False, limit=per_page * NEAR + 1)
        else:
            keys = keys[:per_page][::-1]
    if direction == "first":
        number = 1
    shown, ahead = keys[:per_page], keys[per_page:]
    total, estimated = _count(branches)
    page = SeekPage(_load(querysets, shown), number, total, estimated)
    _link(page, shown, ahead, direction, number, per_page, base_query, total)
    return page


def _position(params) -> tuple[str, tuple | None]:
    for direction in ("after", "before"):
        if params.get(direction):
            try:
                when, key, pk = decode_cursor(params[direction])
                moment = parse_datetime(when)
                if isinstance(moment, datetime) and isinstance(key, str) and isinstance(pk, int):
                    return direction, (moment, key, pk)
            except (ValueError, TypeError, UnicodeDecodeError):
                pass
    return "first", None


def _number(value) -> int | None:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return None


def _branches(querysets: dict) -> list[tuple[str, str, list]]:
    """(model key, SQL, parameters) of each table's (history_date, history_id) rows
    that the filters keep, compiled once for both the page's rows and its count."""
    branches = []
    for key, qs in querysets.items():
        try:
            sql, params = qs.order_by().values_list(*CHANGE_LOG_ORDER).query.sql_with_params()
        except EmptyResultSet:  # a branch whose filter can match nothing
            continue
        # The key is an identifier of ours (checked), written into the SQL: a typed
        # constant, where a parameter would leave PostgreSQL guessing its type.
        assert re.fullmatch(r"[a-z0-9_.]+", key), key
        branches.append((key, sql, list(params)))
    return branches


def _filtered_with_rows(viewer, filters: ChangeLogFilter) -> dict:
    """``filtered_querysets`` of the tables that hold any row, found in one query:
    PostgreSQL plans every branch of a union, and planning one per model with
    history cost more than reading the page when most tables were empty."""
    keys = change_log_keys(filters)
    if len(keys) > 1:
        probes = []
        for key in keys:
            assert re.fullmatch(r"[a-z0-9_.]+", key), key
            table = connection.ops.quote_name(history_rows(key).model._meta.db_table)
            probes.append(f"SELECT CAST('{key}' AS TEXT) WHERE EXISTS (SELECT 1 FROM {table})")
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(probes))
            keys = [key for (key,) in cursor.fetchall()]
    return filtered_querysets(viewer, filters, keys=keys)


def _window(branches: list, cursor, *, reverse: bool, limit: int) -> list[tuple]:
    """(time, model key, history id) of the next ``limit`` changes past ``cursor``.

    Each table gives at most ``limit`` rows past the cursor, read along its
    (history_date, history_id) index (registry.historical); the union of these
    short runs is sorted once more."""
    order = "ASC" if reverse else "DESC"
    parts, params = [], []
    for index, (key, sql, branch_params) in enumerate(branches):
        condition, condition_params = _past(key, cursor, reverse)
        parts.append(
            f"SELECT * FROM (SELECT b.history_date, b.history_id, CAST('{key}' AS TEXT) AS model_key"
            f" FROM ({sql}) b WHERE {condition}"
            f" ORDER BY b.history_date {order}, b.history_id {order} LIMIT {int(limit)}) w{index}"
        )
        params += branch_params + condition_params
    if not parts:
        return []
    sql = (
        " UNION ALL ".join(parts) + f" ORDER BY 1 {order}, 3 {order}, 2 {order} LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor_:
        cursor_.execute(sql, params)
        return [(_moment(when), key, pk) for when, pk, key in cursor_.fetchall()]


def _moment(value) -> datetime:
    """A time as the database returned it, as an aware datetime (SQLite gives text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _past(key: str, cursor: tuple | None, reverse: bool) -> tuple[str, list]:
    """SQL keeping one table's rows past the cursor in (time, model, id) order."""
    if cursor is None:
        return "1 = 1", []
    when, cursor_key, pk = cursor
    when = connection.ops.adapt_datetimefield_value(when)
    later = ">" if reverse else "<"
    if key == cursor_key:  # a row comparison, which the (time, id) index answers
        return f"(b.history_date, b.history_id) {later} (%s, %s)", [when, pk]
    table_comes_first = (key < cursor_key) != reverse
    # Rows at the cursor's very time are past it only in tables that sort after its table.
    return f"b.history_date {later if not table_comes_first else later + '='} %s", [when]


def _load(querysets: dict, keys: list[tuple]) -> list:
    loaded: dict[str, dict] = {}
    for key in {key for _when, key, _pk in keys}:
        ids = [pk for _w, k, pk in keys if k == key]
        loaded[key] = querysets[key].in_bulk(ids, field_name="history_id")
    page = [(key, loaded[key][pk]) for _w, key, pk in keys if pk in loaded[key]]
    return page_entries(page)


def _count(branches: list) -> tuple[int, bool]:
    """Exact up to ``EXACT_UP_TO`` changes; past it the planner's estimate (PostgreSQL),
    kept for a minute: paging through one filter asks for the same total again."""
    if not branches:
        return 0, False
    union = " UNION ALL ".join(sql for _key, sql, _params in branches)
    params = [p for _key, _sql, branch_params in branches for p in branch_params]
    cache_key = "changelog-count:" + hashlib.sha256(f"{union}|{params!r}".encode()).hexdigest()
    if (estimated := cache.get(cache_key)) is not None:
        return estimated, True
    with connection.cursor() as cursor:
        estimate = 0
        if connection.vendor == "postgresql":
            # The planner's estimate first: counting even 10,000 rows of a union
            # scoped through joins read millions.
            cursor.execute(f"EXPLAIN (FORMAT JSON) {union}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate > EXACT_UP_TO:
                cache.set(cache_key, estimate, ESTIMATE_KEPT_SECONDS)
                return estimate, True
        cursor.execute(f"SELECT COUNT(*) FROM ({union} LIMIT {EXACT_UP_TO + 1}) counted", params)
        (bounded,) = cursor.fetchone()
        if bounded <= EXACT_UP_TO:
            return bounded, False
        if connection.vendor != "postgresql":
            cursor.execute(f"SELECT COUNT(*) FROM ({union}) counted", params)
            return cursor.fetchone()[0], False
    return max(estimate, bounded), True


def _link(page: SeekPage, shown, ahead, direction, number, per_page, base, total) -> None:
    def query(**extra) -> str:
        parts = [base] if base else []
        parts += [f"{name}={value}" for name, value in extra.items() if value not in (None, "")]
        return "&".join(parts)

    def cursor_of(key: tuple) -> str:
        when, model_key, pk = key
        return encode_cursor([when.isoformat(), model_key, pk])

    if not shown:
        return
    page.first_query = query()
    at_start = direction == "first" or number == 1
    if not at_start:
        previous = number - 1 if number else None
        page.previous_query = query(before=cursor_of(shown[0]), page=previous)
    links = []
    if page.previous_query:
        links.append(PageLink(str(number - 1) if number else "‹", page.previous_query))
    links.append(PageLink(str(number) if number else "…", "", current=True))
    if ahead:
        page.next_query = query(after=cursor_of(shown[-1]), page=number + 1 if number else None)
        ends = [shown[-1]] + [
            ahead[k * per_page - 1] for k in range(1, NEAR) if len(ahead) > k * per_page
        ]
        for k, key in enumerate(ends, start=1):
            label = str(number + k) if number else f"+{k}"
            links.append(
                PageLink(label, query(after=cursor_of(key), page=number + k if number else None))
            )
    page.links = links
    page.number = number


def latest_changes(*, viewer, filters: ChangeLogFilter, limit: int) -> list:
    """The newest ``limit`` entries of the change log ``viewer`` may read (home page)."""
    querysets = _filtered_with_rows(viewer, filters)
    if not querysets:
        return []
    keys = _window(_branches(querysets), None, reverse=False, limit=limit)
    return _load(querysets, keys)


def count_changes(*, viewer, filters: ChangeLogFilter) -> int:
    """How many changes match: exact up to ``EXACT_UP_TO``, else the planner's estimate."""
    querysets = _filtered_with_rows(viewer, filters)
    return _count(_branches(querysets))[0] if querysets else 0
