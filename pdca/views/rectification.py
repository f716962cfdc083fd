from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca import selectors
from pdca.choices import RectificationStatus
from pdca.excel import sheet as excel_sheet
from pdca.excel import workbook_response
from pdca.filtering import RectificationFilterForm, filter_rectification
from pdca.forms import StepForm
from pdca.lists import LISTS
from pdca.models import RectificationItem
from pdca.services.rectification import available_steps
from pdca.views.common import report_errors
from registry.forms import usable_filters


def _visible_items(request):
    """The items the user sees, filtered as the list's filters say (all four lists too)."""
    items = RectificationItem.objects.visible_to(request.user)
    filters = usable_filters(RectificationFilterForm(request.GET))
    return filter_rectification(items, filters, user=request.user)


@login_required
def rectification_list(request):
    today = timezone.localdate()
    items = _visible_items(request).select_related(
        "unit", "owner", "inspector", "source", "finding"
    )
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
            "lists": LISTS.values(),
        },
    )


def _list_or_404(slug: str):
    if slug not in LISTS:
        raise Http404
    return LISTS[slug]


@login_required
def rectification_sheet(request, slug: str):
    """One of the four lists (问题/任务/责任/结果清单), a page of it."""
    sheet = _list_or_404(slug)
    page = Paginator(sheet.items(_visible_items(request)), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pdca/rectification_sheet.html",
        {
            "sheet": sheet,
            "headers": sheet.headers(),
            "rows": zip(page, sheet.rows(page), strict=True),
            "page": page,
            "query": query.urlencode(),
            "lists": LISTS.values(),
        },
    )


@login_required
def rectification_sheet_xlsx(request, slug: str):
    """The whole list, filtered as on the page, as an Excel file."""
    sheet = _list_or_404(slug)
    items = sheet.items(_visible_items(request))
    return workbook_response(
        f"{slug}-{timezone.localdate():%Y%m%d}.xlsx",
        [excel_sheet(str(sheet.title), sheet.headers(), sheet.rows(items))],
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
