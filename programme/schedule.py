"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Each missing letter is reminded at most once a week (see letters_remind).
    "programme-remind-missing-letters": {
        "task": "programme.tasks.remind_missing_letters",
        "schedule": crontab(minute=0, hour=9),
    },
    "programme-flag-overdue-rule-plans": {
        "task": "programme.tasks.flag_overdue_rule_plans",
        "schedule": crontab(minute=40, hour=6),
    },
}
