"""Notifications for every app: an in-app list plus email, sent after commit.

``notify`` only schedules: the Celery task runs once the surrounding
transaction commits, so an action that rolls back notifies nobody.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction


def notify(*, recipients: Iterable, title: str, body: str = "", url: str = "") -> None:
    recipient_ids = sorted({user.pk for user in recipients if user is not None})
    if not recipient_ids:
        return
    from registry.tasks import deliver_notification

    key = str(uuid.uuid4())
    transaction.on_commit(
        lambda: deliver_notification.delay(
            key=key, recipient_ids=recipient_ids, title=str(title), body=str(body), url=url
        )
    )
