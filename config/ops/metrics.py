"""Prometheus metrics: django-prometheus' request and query metrics, plus what
only this product knows — the Celery queue lengths, task outcomes counted on
every worker, and the backlogs of work waiting to be sent.

Task outcomes are counted in the shared cache (Redis in production), so a
scrape of any web node sees the work of every worker on every machine. Under
gunicorn, set ``PROMETHEUS_MULTIPROC_DIR`` (``config/gunicorn.conf.py`` does)
so the request metrics of all of a node's worker processes are added up.
"""

import hmac
import logging
import os

from celery.signals import task_failure, task_retry, task_success
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

logger = logging.getLogger(__name__)

OUTCOMES = ("success", "failure", "retry")
TASK_KEY = "metrics:task:{name}:{outcome}"
COUNTER_TTL = None  # counters never expire; Prometheus handles resets anyway


def count_task(name: str, outcome: str) -> None:
    key = TASK_KEY.format(name=name, outcome=outcome)
    try:
        if cache.add(key, 1, COUNTER_TTL):
            return
        cache.incr(key)
    except Exception:  # a metrics store that is down must never fail the task
        logger.warning("could not count task %s %s", name, outcome, exc_info=True)


@task_success.connect
def _on_success(sender=None, **kwargs) -> None:
    count_task(sender.name, "success")


@task_failure.connect
def _on_failure(sender=None, **kwargs) -> None:
    count_task(sender.name, "failure")


@task_retry.connect
def _on_retry(sender=None, **kwargs) -> None:
    count_task(sender.name, "retry")


def _task_names() -> list[str]:
    from config.celery import app

    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _queue_lengths() -> dict[str, int]:
    from config.celery import app

    queues = {app.conf.task_default_queue or "celery"}
    lengths = {}
    with app.connection_for_read() as conn:
        conn.transport_options.update(socket_timeout=2, socket_connect_timeout=2)
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        channel = conn.default_channel
        for queue in sorted(queues):
            try:
                lengths[queue] = channel.queue_declare(queue=queue, passive=True).message_count
            except Exception:  # a queue nobody declared yet is empty
                lengths[queue] = 0
    return lengths


# Backlogs other modules register: name -> (help text, function returning a count).
BACKLOGS: dict[str, tuple[str, callable]] = {}


def register_backlog(name: str, help_text: str, count) -> None:
    BACKLOGS[name] = (help_text, count)


def _unsent_outbox() -> int:
    from registry.models import OutboxMessage

    return OutboxMessage.objects.unsent().count()


def _emails_waiting() -> int:
    from registry.models import EmailState, Notification

    return Notification.objects.filter(
        email_state__in=[EmailState.QUEUED, EmailState.FAILED]
    ).count()


register_backlog(
    "outbox_unsent", "Tasks user actions enqueued that wait for the broker", _unsent_outbox
)
register_backlog(
    "emails_waiting", "Emails queued or failed and waiting for a retry", _emails_waiting
)


class ProductCollector:
    """Read at scrape time: nothing is kept in this process between scrapes."""

    def collect(self):
        yield from self._tasks()
        yield from self._queues()
        yield from self._backlogs()

    def _tasks(self):
        family = CounterMetricFamily(
            "register_celery_tasks",
            "Celery tasks finished, by task and outcome",
            labels=["task", "outcome"],
        )
        names = _task_names()
        keys = {TASK_KEY.format(name=n, outcome=o): (n, o) for n in names for o in OUTCOMES}
        try:
            values = cache.get_many(list(keys))
        except Exception:
            logger.warning("could not read task counters", exc_info=True)
            values = {}
        for key, (name, outcome) in keys.items():
            family.add_metric([name, outcome], values.get(key, 0))
        yield family

    def _queues(self):
        up = GaugeMetricFamily("register_broker_up", "1 when the Celery broker answered")
        family = GaugeMetricFamily(
            "register_celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"]
        )
        try:
            lengths = _queue_lengths()
        except Exception as error:
            logger.warning("could not read queue lengths: %s", error)
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            for queue, length in lengths.items():
                family.add_metric([queue], length)
        yield up
        yield family

    def _backlogs(self):
        for name, (help_text, count) in BACKLOGS.items():
            family = GaugeMetricFamily(f"register_{name}", help_text)
            try:
                family.add_metric([], count())
            except Exception:
                logger.warning("could not count backlog %s", name, exc_info=True)
                continue
            yield family


def _process_metrics() -> bytes:
    """django-prometheus' metrics, added up over a gunicorn node's processes when set up."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return True
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.encode())


@never_cache
def metrics_view(request) -> HttpResponse:
    if not _allowed(request):
        return HttpResponseForbidden("metrics token required\n")
    product = CollectorRegistry(auto_describe=False)
    product.register(ProductCollector())
    body = _process_metrics() + generate_latest(product)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
