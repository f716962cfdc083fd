"""Periodic jobs; the beat entries are in ``programme/schedule.py``."""

from celery import shared_task


@shared_task
def remind_missing_letters() -> int:
    from programme.services.letters import letters_remind_open

    return letters_remind_open()
