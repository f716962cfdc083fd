"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    "assessment-resolve-monitors": {
        "task": "assessment.tasks.resolve_all_monitors",
        "schedule": crontab(hour=2, minute=10),
    },
    "assessment-freeze-approved-models": {
        "task": "assessment.tasks.freeze_approved_models",
        "schedule": crontab(minute=25),
    },
}
