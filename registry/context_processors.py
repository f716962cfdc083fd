from django.conf import settings
from django.utils.functional import SimpleLazyObject

from registry.models import Notification
from registry.scoping import scope_for
from registry.tasklist import tasks_for


def site(request) -> dict:
    """Demo mode, and the counts in the navigation bar (computed only if a page shows them)."""
    user = getattr(request, "user", None)
    context = {"DEMO_MODE": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        context["task_count"] = SimpleLazyObject(lambda: tasks_for(user).total)
        context["unread_count"] = SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user).unread().count()
        )
        # What the navigation and the pages offer is decided by the scoping module.
        context["user_scope"] = scope_for(user)
    return context
