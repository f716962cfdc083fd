import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def heartbeat() -> str:
    """Beat's proof of life: visible in the worker log every few minutes."""
    stamp = timezone.now().isoformat()
    logger.info("register heartbeat %s", stamp)
    return stamp
