"""Inserting many rows with their history rows: ``bulk_create_with_history``, made fast.

Rows come as plain dictionaries (attribute name → value): tens of thousands of
model instances built only to be taken apart again cost more than the inserts.
On PostgreSQL the rows and their django-simple-history records go in with COPY
(primary keys taken from the sequence in one query), several times faster than
INSERT: the history rows are exactly those ``bulk_create_with_history`` would
write (type "+", the importing user, the change reason, one timestamp).
Elsewhere the rows become instances for ``bulk_create_with_history`` /
``bulk_create``.

Inside ``streaming()`` the COPYs run on a background thread, one after another on
the same connection and transaction, while the caller prepares the next rows:
PostgreSQL (another process) works while Python does. Any other query first waits
for the COPYs queued before it, so statements still run in the order they were made.
"""

import operator
import queue
import threading
import weakref
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, connections
from django.db.models import F, FileField, JSONField, Lookup, Q, QuerySet
from django.utils import timezone
from psycopg.types.json import Jsonb
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

BATCH = 1000
# What a history row adds to the tracked fields: when, what kind of change, who, why.
MARKS = ["history_date", "history_type", "history_user_id", "history_change_reason"]
HISTORY_FIELDS = {"history_id", *MARKS}
_TYPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection → table → types


def insert_with_history(model, rows: list[dict], *, user, reason: str) -> list[int]:
    """Insert new ``model`` rows and one "+" history record each; their primary keys."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        bulk_create_with_history(
            objs, model, batch_size=BATCH, default_user=user, default_change_reason=reason
        )
        return [obj.pk for obj in objs]
    pks = insert(model, rows)
    _copy_history(model, rows, user=user, reason=reason)
    return pks


def insert(model, rows: list[dict], *, keys: bool = True) -> list[int]:
    """Insert new ``model`` rows (no history); their primary keys, also set in each row.

    A row may bring its key (from ``reserve_ids``). With ``keys=False`` the database
    numbers the rows itself and nothing is returned: for rows nobody looks up again.
    """
    if not rows:
        return []
    pk_name = model._meta.pk.attname
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        for row, obj in zip(rows, objs, strict=True):
            row[pk_name] = obj.pk
        return [obj.pk for obj in objs] if keys else []
    fields = model._meta.concrete_fields
    if keys:
        missing = [row for row in rows if row.get(pk_name) is None]
        for row, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
            row[pk_name] = pk
    else:
        fields = [f for f in fields if f.attname != pk_name]
    now = timezone.now()
    stamped = [
        f.attname for f in fields if getattr(f, "auto_now", 0) or getattr(f, "auto_now_add", 0)
    ]
    for row in rows:
        for name in stamped:  # one timestamp, the same in the history rows
            row[name] = now
    _copy(model._meta.db_table, [f.column for f in fields], _tuples(rows, fields))
    return [row[pk_name] for row in rows] if keys else []


def _tuples(rows: list[dict], fields, extra: tuple = ()):
    """Rows streamed as tuples in column order, never held as a second copy in memory;
    a field a row leaves out takes its default."""
    defaults = {f.attname: f.get_default() if f.has_default() else None for f in fields}
    values = operator.itemgetter(*defaults)
    for row in rows:
        full = defaults.copy()
        full.update(row)
        yield values(full) + extra


def reserve_ids(model, count: int) -> list[int]:
    """``count`` new primary keys of ``model`` from its sequence, in one query (PostgreSQL);
    elsewhere ``None`` each, and ``insert`` numbers the rows."""
    if connection.vendor != "postgresql":
        return [None] * count
    if count == 0:
        return []
    stream = _STREAM.get()
    # In ``streaming()`` on a connection of its own: the sequence is outside transactions,
    # and this query need not wait for the COPYs queued on the import's connection.
    with (stream.side() if stream is not None else connection).cursor() as cursor:
        # OFFSET 0 keeps the sequence looked up once, not once per key (ten times dearer).
        cursor.execute(
            "SELECT nextval(q.seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq"
            " OFFSET 0) q, generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def record_history(model, objs, *, user, reason: str, history_type: str = "~") -> None:
    """One history row per saved instance in ``objs``, as it is now: the rows
    ``bulk_history_create`` writes (``history_type`` "~" for a change), with COPY on
    PostgreSQL. The change log shows them like any other: who, when, what changed."""
    if connection.vendor != "postgresql":
        get_history_manager_for_model(model).bulk_history_create(
            objs, update=history_type == "~", default_user=user, default_change_reason=reason
        )
        return
    fields = model._meta.concrete_fields
    files = {f.attname for f in fields if isinstance(f, FileField)}  # stored as the name
    rows = [
        {
            f.attname: f.get_prep_value(getattr(obj, f.attname))
            if f.attname in files
            else getattr(obj, f.attname)
            for f in fields
        }
        for obj in objs
    ]
    _copy_history(model, rows, user=user, reason=reason, history_type=history_type)


def record_history_of(rows: QuerySet, *, user, reason: str, history_type: str = "~") -> None:
    """One history row per row of ``rows`` as it is in the database now, copied inside
    the database by one ``INSERT … SELECT``: the rows ``record_history`` writes, without
    loading a single instance. For bulk writes done by ``update()``."""
    model = rows.model
    historical = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _tracked(model))
    marks = ", ".join(quote(c) for c in MARKS)
    chosen, params = rows.order_by().values("pk").query.sql_with_params()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(historical._meta.db_table)} ({columns}, {marks}) "
            f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({chosen})",
            [now, history_type, user.pk if user is not None else None, reason or None, *params],
        )


def among(field: str, values) -> Q | Lookup:
    """``Q(field__in=values)`` for a chunk's thousands of ids: on PostgreSQL one array
    parameter (``field = ANY(%s)``), not a placeholder per id that Django builds and
    psycopg parses again in every statement."""
    values = list(values)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    return _AnyOf(F(field), values)


class _AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, self.rhs]


def _tracked(model) -> list:
    """The fields of ``model`` its history keeps, in the historical table's order."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return [
        by_column[f.column]
        for f in model.history.model._meta.concrete_fields
        if f.attname not in HISTORY_FIELDS
    ]


def _copy_history(model, rows: list[dict], *, user, reason: str, history_type="+") -> None:
    historical = model.history.model
    tracked = _tracked(model)
    rows = _json_wrapped(rows, tracked)
    extra = (timezone.now(), history_type, user.pk if user is not None else None, reason or None)
    columns = [f.column for f in tracked] + MARKS
    _copy(historical._meta.db_table, columns, _tuples(rows, tracked, extra))


def _json_wrapped(rows, fields):
    """JSON values marked as such, or binary COPY would write a list as an array."""
    names = [f.attname for f in fields if isinstance(f, JSONField)]
    if not names:
        return rows
    return (
        {**row, **{n: Jsonb(row[n]) for n in names if n in row and row[n] is not None}}
        for row in rows
    )


def _copy(table: str, columns: list[str], rows) -> None:
    """COPY in binary: the server parses no text (timestamps are the dearest), nor do we.

    ``rows`` may be a generator: it is read as the rows are sent (in ``streaming()``,
    on the writer's thread), so it must not depend on anything changed after this call.
    """
    quote = connection.ops.quote_name
    job = (quote(table), ", ".join(quote(c) for c in columns), columns, rows)
    stream = _STREAM.get()
    if stream is not None:
        stream.put(job)
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        _send(connection.connection, job)


def _send(raw, job) -> None:
    """Run one COPY on the psycopg connection ``raw`` (any thread, never two at once)."""
    table, names, columns, rows = job
    if table is None:  # ``check_constraints``
        with raw.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    types = _column_types(raw, table, columns)
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def _column_types(raw, table: str, columns: list[str]) -> list[int]:
    """The type of each column, read once per table and psycopg connection ``raw`` (a new
    connection may be to a new database, whose own types have other ids)."""
    known = _TYPES.setdefault(raw, {})
    if not set(columns) <= known.get(table, {}).keys():
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            known[table] = dict(cursor.fetchall())
    return [known[table][column] for column in columns]


def check_constraints() -> None:
    """The deferred foreign-key checks of the rows written so far, now (PostgreSQL): in
    ``streaming()`` on the writer's thread, so they overlap with Python's work instead of
    all running at COMMIT. A broken key raises as Django's ``IntegrityError``."""
    if connection.vendor != "postgresql":
        return
    stream = _STREAM.get()
    if stream is None:
        connection.check_constraints()  # the same two statements
    else:
        stream.put((None, None, None, None))


_STREAM: ContextVar["_Stream | None"] = ContextVar("ledger_copy_stream", default=None)


@contextmanager
def streaming():
    """COPYs inside the block run on a background thread, in order, in this transaction.

    The block returns only when every COPY has run; an error of one (a constraint the
    rows break) is raised here, or at the next query, as Django's own error.
    Elsewhere than PostgreSQL, and inside another ``streaming()``, it changes nothing.
    """
    if connection.vendor != "postgresql" or _STREAM.get() is not None:
        yield
        return
    connection.ensure_connection()
    stream = _Stream(connection.connection)
    token = _STREAM.set(stream)
    try:
        with connection.execute_wrapper(stream.before_query):
            yield
            stream.wait()
    finally:
        _STREAM.reset(token)
        stream.stop()


class _Stream:
    """The writer thread and its queue (a chunk's jobs deep: rows are not all held at once)."""

    def __init__(self, raw) -> None:
        self.raw, self.error, self._side = raw, None, None
        self.jobs: queue.Queue = queue.Queue(maxsize=8)
        self.thread = threading.Thread(target=self._run, name="ledger-copy", daemon=True)
        self.thread.start()

    def put(self, job) -> None:
        self._raise()
        self.jobs.put(job)

    def before_query(self, execute, sql, params, many, context):
        self.wait()  # the COPYs queued before this query run first
        return execute(sql, params, many, context)

    def wait(self) -> None:
        self.jobs.join()
        self._raise()

    def side(self):
        """A second, autocommit connection for ``reserve_ids`` (opened once)."""
        if self._side is None:
            self._side = connections.create_connection(connection.alias)
        return self._side

    def stop(self) -> None:
        """End the thread; anything still queued (after an error) is dropped, never sent."""
        self.error = self.error or _Stopped()
        self.jobs.put(None)
        self.thread.join()
        if self._side is not None:
            self._side.close()

    def _run(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                if self.error is None:
                    _send(self.raw, job)
            except BaseException as error:  # handed to the caller's thread
                self.error = error
            finally:
                self.jobs.task_done()
        self.jobs.task_done()

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Stopped):
            with connection.wrap_database_errors:
                raise self.error


class _Stopped(Exception):
    """The block was left early (an error in the caller's thread): drop what is queued."""
