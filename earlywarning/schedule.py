"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Deadlines fall at any time of day; a due case escalates within the hour.
    "earlywarning-escalate": {
        "task": "earlywarning.tasks.escalate_due_cases",
        "schedule": crontab(minute=15),
    },
    # The morning after a report fell due.
    "earlywarning-remind-missing-reports": {
        "task": "earlywarning.tasks.remind_missing_reports",
        "schedule": crontab(hour=8, minute=30),
    },
    "earlywarning-take-in-pdca": {
        "task": "earlywarning.tasks.take_in_pdca",
        "schedule": crontab(hour=7, minute=45),
    },
}
