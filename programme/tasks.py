"""Periodic jobs; the beat entries are in ``programme/schedule.py``."""

from celery import shared_task


@shared_task
def remind_missing_letters() -> int:
    from programme.services.letters import letters_remind_open

    return letters_remind_open()


@shared_task
def flag_overdue_rule_plans() -> int:
    from programme.services.rules import plans_flag_overdue

    return plans_flag_overdue()
