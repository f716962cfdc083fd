from celery import shared_task


@shared_task(acks_late=True)
def escalate_due_cases() -> int:
    """Beat: escalate every case past its step deadline by one step.

    ``acks_late``: a worker killed mid-run leaves the message unacknowledged, so
    it is delivered again; the database state makes the rerun safe.
    """
    from earlywarning.services.escalation import escalate_due

    return len(escalate_due())


@shared_task(acks_late=True)
def remind_missing_reports() -> int:
    """Beat, daily: officers whose monthly report is a day overdue are reminded."""
    from earlywarning.services.officers import remind_missing_reports as remind

    return remind()


@shared_task(acks_late=True)
def take_in_pdca() -> int:
    """Beat, daily: inspection findings and overdue rectification become warning information."""
    from earlywarning.pdca_intake import take_in_pdca as take_in

    return take_in()
