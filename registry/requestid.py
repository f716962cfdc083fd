"""A request id that follows a request into the log lines and the tasks it enqueues.

The id comes from the proxy's ``X-Request-ID`` when it is a sane token, or is
made here; it is returned in the response header, added to every log record
(``RequestIdFilter``), carried to Celery in the task message's headers and set
again while the task runs, so one grep finds a user's click and the work it
caused on any node.
"""

import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

current: ContextVar[str] = ContextVar("request_id", default="-")


def new_id() -> str:
    return uuid.uuid4().hex


def accept(value: str | None) -> str:
    """The caller's id if it is a plain token (so it cannot forge log lines), else a new one."""
    return value if value and _VALID.match(value) else new_id()


class RequestIdMiddleware:
    """Sets the id for the request; it is cleared when the response is closed,
    after Django's own request logging, so those lines carry it too."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.id = accept(request.META.get(HEADER))
        current.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


@receiver(request_finished)
def _clear(**kwargs) -> None:
    current.set("-")
