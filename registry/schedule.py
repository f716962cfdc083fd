"""Celery beat entries owned by this app; config/celery.py collects them."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Rotation control: on the first of each month, who is due to leave a key post.
    "registry-rotation-due": {
        "task": "registry.tasks.notify_rotation_due",
        "schedule": crontab(day_of_month=1, hour=8, minute=0),
    },
    # Large Excel exports are kept EXPORT_KEEP_HOURS for their requester, then deleted.
    "registry-purge-expired-exports": {
        "task": "registry.tasks.purge_expired_exports",
        "schedule": crontab(minute=35),
    },
}
