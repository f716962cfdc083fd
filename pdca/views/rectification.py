from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca import selectors
from pdca.choices import RectificationStatus
from pdca.filtering import RectificationFilterForm, filter_rectification
from pdca.forms import StepForm
from pdca.models import RectificationItem
from pdca.services.rectification import available_steps
from pdca.views.common import report_errors
from registry.forms import usable_filters


@login_required
def rectification_list(request):
    today = timezone.localdate()
    items = RectificationItem.objects.visible_to(request.user).select_related(
        "unit", "owner", "inspector"
    )
    filters = usable_filters(RectificationFilterForm(request.GET))
    items = filter_rectification(items, filters, user=request.user)
    status = request.GET.get("status", "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pdca/rectification_list.html",
        {
            "page": Paginator(items.order_by("deadline", "pk"), 50).get_page(
                request.GET.get("page")
            ),
            "statuses": RectificationStatus.choices,
            "status": status,
            "query": query.urlencode(),
            "today": today,
        },
    )


@login_required
def rectification_detail(request, pk: int):
    item = selectors.get_item(user=request.user, pk=pk)
    if request.method == "POST":
        form = StepForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                form.advance(item, by=request.user)
                messages.success(request, _("The rectification item was updated."))
            except ValidationError as error:
                report_errors(request, error)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("pdca:rectification_detail", pk=item.pk)
    history = item.history.select_related("history_user").order_by("history_date")
    return render(
        request,
        "pdca/rectification_detail.html",
        {
            "item": item,
            "steps": available_steps(request.user, item),
            "evidence": item.evidence.select_related("uploaded_by"),
            "history": history,
            "overdue": item.is_overdue(timezone.localdate()),
            "form": StepForm(),
        },
    )
