import importlib
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["registry.ledger"])

BEAT_OWNERS = ["registry", "powers", "assessment", "pdca", "earlywarning", "programme"]

# Periodic jobs are declared by the apps that own them (see each app's
# ``tasks.py``); the schedule is collected here so beat has one source.
app.conf.beat_schedule = {
    "registry-heartbeat": {
        "task": "registry.tasks.heartbeat",
        "schedule": 300.0,
    },
    # Ledger checks and commits whose worker died become failed and retryable.
    "registry-reap-stalled-ledger-jobs": {
        "task": "registry.ledger.tasks.reap_stalled_ledger_jobs",
        "schedule": 60.0,
    },
    # What user actions enqueued while the broker was away, and emails to retry.
    "registry-publish-outbox": {
        "task": "registry.tasks.publish_outbox",
        "schedule": 60.0,
    },
    "registry-resend-due-emails": {
        "task": "registry.tasks.resend_due_emails",
        "schedule": 60.0,
    },
    # Public notices end at any time of day; a list takes effect within the hour.
    "registry-take-effect-after-notice": {
        "task": "registry.tasks.take_effect_after_notice",
        "schedule": crontab(minute=5),
    },
}
# Each app declares its periodic jobs in ``<app>/schedule.py``.
for _owner in BEAT_OWNERS:
    app.conf.beat_schedule.update(importlib.import_module(f"{_owner}.schedule").BEAT_SCHEDULE)


# The request id travels in each message's headers and is set again while the
# task runs, so the log lines of a click and of the work it caused share it.
@before_task_publish.connect
def _send_request_id(headers=None, **kwargs) -> None:
    from registry import requestid

    if headers is not None and "request_id" not in headers:
        headers["request_id"] = requestid.current.get()


@task_prerun.connect
def _take_request_id(task=None, **kwargs) -> None:
    from registry import requestid

    sent = getattr(task.request, "request_id", None) or (task.request.headers or {}).get(
        "request_id"
    )
    usable = sent if sent and sent != "-" else requestid.new_id()  # "-": sent outside a request
    task.request.request_id_token = requestid.current.set(usable)


@task_postrun.connect
def _drop_request_id(task=None, **kwargs) -> None:
    from registry import requestid

    token = getattr(task.request, "request_id_token", None)
    if token is not None:
        requestid.current.reset(token)


# Task outcomes counted for /metrics, and the one-beat lock.
import config.ops.beat  # noqa: E402,F401
import config.ops.metrics  # noqa: E402,F401
