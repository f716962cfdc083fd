"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Rotation control: on the first of each month, who is due to leave a key post.
    "registry-rotation-due": {
        "task": "registry.tasks.notify_rotation_due",
        "schedule": crontab(day_of_month=1, hour=8, minute=0),
    },
}
