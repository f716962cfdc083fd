"""Sessions end after ``SESSION_IDLE_SECONDS`` without a request.

The session's lifetime (``SESSION_COOKIE_AGE``) is the idle limit, and every
request pushes it back by saving the session again. Saving on every request
(``SESSION_SAVE_EVERY_REQUEST``) would write the session row on each page and
request; instead it is saved when the last refresh is older than
``REFRESH_SECONDS``, so a session ends between the idle limit less five minutes
and the idle limit after the last request.
"""

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESH_SECONDS = 300
SEEN = "_seen_at"


class IdleExpiryMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request already read: no extra query on public pages.
        if session is not None and session.accessed and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN, 0) >= REFRESH_SECONDS:
                session[SEEN] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


@receiver(user_logged_in)
def _mark_login(sender, request, user, **kwargs) -> None:
    if getattr(request, "session", None) is not None:
        request.session[SEEN] = int(time.time())
