"""Probes for load balancers and orchestrators.

``/healthz`` says the process answers (no I/O, so a slow database never gets a
healthy node killed); ``/readyz`` says this node can serve: the database
answers and is fully migrated, the broker accepts a connection, the file
storage takes a write, and the shared cache answers. Each check is bounded by a
short timeout so a hung dependency makes the probe fail instead of hang.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 2  # seconds for the broker connection


_migrated = False  # once all migrations are applied, only new code can add some


def check_database() -> None:
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        connection.close()  # the next probe reconnects instead of reusing a dead socket
        raise
    if not _migrated:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise RuntimeError(f"{len(pending)} migrations not applied")
        _migrated = True


def check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.transport_options.update(
            socket_timeout=PROBE_TIMEOUT, socket_connect_timeout=PROBE_TIMEOUT
        )
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=PROBE_TIMEOUT
        )
        _ = conn.default_channel  # opens a channel: a hung broker fails here


def check_storage() -> None:
    name = default_storage.save(f"ops/readyz-{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "cache": check_cache,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure means "not ready"; the reason is reported
            logger.warning("readiness check %s failed: %s", name, error)
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return results


@never_cache
@require_GET
def healthz(request) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_GET
def readyz(request) -> JsonResponse:
    results = run_checks()
    ready = all(result["ok"] for result in results.values())
    return JsonResponse({"ready": ready, "checks": results}, status=200 if ready else 503)
