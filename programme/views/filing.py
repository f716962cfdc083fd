"""Filing upward: the district's overview of who filed on time, a filing as filed, its receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programme.access import keeps_records, kept_units, require_keeper
from programme.filing import filing_rows
from programme.forms import ReceiptForm
from programme.models import Filing
from programme.services import filing as service
from programme.views.common import add_validation_error, form_errors, year_of
from registry.roles import VIEW
from registry.scoping import visible_units


@login_required
def filing_overview(request):
    """Units with a register (below a district) that the user keeps records of."""
    year = year_of(request)
    units = kept_units(request.user).filter(parent__isnull=False).order_by("path")
    rows = filing_rows(units, year)
    if request.GET.get("late"):
        rows = [row for row in rows if row["late"]]
    return render(
        request,
        "programme/filing_overview.html",
        {"rows": rows, "year": year, "only_late": bool(request.GET.get("late"))},
    )


def _visible_filing(user, pk: int) -> Filing:
    return get_object_or_404(
        Filing.objects.select_related("unit"), pk=pk, unit__in=visible_units(user, VIEW)
    )


@login_required
def filing_detail(request, pk: int):
    filing = _visible_filing(request.user, pk)
    district = service.district_of(filing.unit)
    office = keeps_records(request.user, district)
    return render(
        request,
        "programme/filing_detail.html",
        {"filing": filing, "receipt_form": ReceiptForm() if office else None},
    )


@login_required
@require_POST
def filing_receipt(request, pk: int):
    filing = _visible_filing(request.user, pk)
    require_keeper(request.user, service.district_of(filing.unit))
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            service.filing_receipt(filing=filing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
    if form.errors:
        messages.error(
            request, _("The receipt was not recorded: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        messages.success(request, _("The receipt is recorded."))
    return redirect("programme:filing_detail", pk=filing.pk)
