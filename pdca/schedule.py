"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Crontab has no "last day of the month": the task runs on the 30th and
    # 31st of each quarter's last month and draws only on the quarter's last day.
    "pdca-quarterly-sampling": {
        "task": "pdca.tasks.quarterly_sampling",
        "schedule": crontab(minute=0, hour=18, day_of_month="30,31", month_of_year="3,6,9,12"),
    },
    "pdca-flag-overdue-rectification": {
        "task": "pdca.tasks.flag_overdue_rectification",
        "schedule": crontab(minute=30, hour=6),
    },
    # Unqualified units' rectification notices (assessment) are tracked here.
    "pdca-adopt-rectification-notices": {
        "task": "pdca.tasks.adopt_rectification_notices",
        "schedule": crontab(minute=20),
    },
}
