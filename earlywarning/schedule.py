"""Celery beat entries owned by this app; config/celery.py collects them."""

BEAT_SCHEDULE: dict = {}
