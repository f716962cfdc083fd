"""Inserting many rows with their history rows: ``bulk_create_with_history``, made fast.

On PostgreSQL the rows and their django-simple-history records go in with
COPY (primary keys taken from the sequence in one query), which is several
times faster than INSERT for the tens of thousands of rows a ledger brings:
the history rows are exactly those ``bulk_create_with_history`` would write
(type "+", the importing user, the change reason, one timestamp). Elsewhere it
is ``bulk_create_with_history`` itself.
"""

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH = 1000
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
}


def create_with_history(model, objs: list, *, user, reason: str) -> list:
    """Insert ``objs`` (unsaved) and one "+" history record each; sets their primary keys."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            objs, model, batch_size=BATCH, default_user=user, default_change_reason=reason
        )
    fields = list(model._meta.concrete_fields)
    _assign_ids(model, objs)
    now = timezone.now()
    stamped = [
        f.attname for f in fields if getattr(f, "auto_now", 0) or getattr(f, "auto_now_add", 0)
    ]
    for obj in objs:
        for name in stamped:
            setattr(obj, name, now)
    # Plain values: psycopg adapts str, int, bool, None, dates (and the str/int choice enums).
    # Rows are streamed from the objects, never held as a second copy in memory.
    attnames = [f.attname for f in fields]
    _copy(model._meta.db_table, [f.column for f in fields], _values(objs, attnames))
    for obj in objs:
        obj._state.adding, obj._state.db = False, "default"
    _copy_history(model, objs, user=user, reason=reason)
    return objs


def _assign_ids(model, objs: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk


def _values(objs, attnames, extra: tuple = ()):
    for obj in objs:
        yield tuple(getattr(obj, name) for name in attnames) + extra


def _copy_history(model, objs: list, *, user, reason: str) -> None:
    historical = model.history.model
    attname = {f.column: f.attname for f in model._meta.concrete_fields}
    tracked = [f for f in historical._meta.concrete_fields if f.attname not in HISTORY_FIELDS]
    extra = (timezone.now(), "+", user.pk if user is not None else None, reason or None)
    columns = [f.column for f in tracked] + [
        "history_date", "history_type", "history_user_id", "history_change_reason"
    ]  # fmt: skip
    rows = _values(objs, [attname[f.column] for f in tracked], extra)
    _copy(historical._meta.db_table, columns, rows)


def _copy(table: str, columns: list[str], rows) -> None:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
