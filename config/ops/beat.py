"""One Celery beat for the whole cluster, and a loud log line when there are two.

Every periodic job is idempotent (a second beat cannot draw twice, escalate
twice or flag twice: the jobs claim their work in the database), so a second
beat is harmless; but it is a deployment mistake, so it must be visible. Each
beat claims a lock in the shared cache and renews it; a beat that finds the
lock held by another logs a warning on every renewal round and stands ready
to take over when the other stops renewing.
"""

import logging
import os
import socket
import threading
import time

from celery.signals import beat_init
from django.core.cache import cache

logger = logging.getLogger("config.beat")

LOCK_KEY = "beat:lock"
LOCK_SECONDS = 90
RENEW_SECONDS = 30


def identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(me: str) -> str:
    """Take or renew the lock; return who holds it afterwards."""
    if cache.add(LOCK_KEY, me, LOCK_SECONDS):
        return me
    holder = cache.get(LOCK_KEY)
    if holder == me:
        cache.touch(LOCK_KEY, LOCK_SECONDS)
    elif holder is None and cache.add(LOCK_KEY, me, LOCK_SECONDS):
        return me
    return holder or me


def check_once(me: str, held: bool) -> bool:
    try:
        holder = claim(me)
    except Exception as error:
        logger.warning("beat lock: the shared cache did not answer: %s", error)
        return held
    if holder == me:
        if not held:
            logger.info("beat lock: this beat (%s) is the cluster's beat", me)
        return True
    logger.warning(
        "beat lock: another beat is running (%s); run one beat per cluster. "
        "Periodic jobs stay single because each claims its own work, but this beat is redundant.",
        holder,
    )
    return False


@beat_init.connect
def _start_lock_keeper(sender=None, **kwargs) -> None:
    me = identity()

    def keep() -> None:
        held = check_once(me, held=False)
        while True:
            time.sleep(RENEW_SECONDS)
            held = check_once(me, held)

    threading.Thread(target=keep, name="beat-lock", daemon=True).start()
