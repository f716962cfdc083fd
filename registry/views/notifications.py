from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from registry.models import Notification


@login_required
def notification_list(request):
    notices = Notification.objects.filter(recipient=request.user)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "registry/notification_list.html", {"page": page, "query": ""})


@login_required
@require_POST
def notification_mark_read(request):
    """Mark one notification read (``id``), or all of them."""
    notices = Notification.objects.filter(recipient=request.user).unread()
    if request.POST.get("id", "").isdigit():
        notices = notices.filter(pk=int(request.POST["id"]))
    notices.update(read_at=timezone.now())
    target = request.POST.get("next", "")
    return redirect(
        target
        if target.startswith("/") and not target.startswith("//")
        else "registry:notification_list"
    )
