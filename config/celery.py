import importlib
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["registry.ledger"])

BEAT_OWNERS = ["powers", "assessment", "pdca", "earlywarning"]

# Periodic jobs are declared by the apps that own them (see each app's
# ``tasks.py``); the schedule is collected here so beat has one source.
app.conf.beat_schedule = {
    "registry-heartbeat": {
        "task": "registry.tasks.heartbeat",
        "schedule": 300.0,
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
