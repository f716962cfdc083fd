from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from earlywarning import access, selectors
from earlywarning.choices import SourceType, Verification
from earlywarning.export import write_warnings
from earlywarning.filtering import WarningFilterForm, filter_warnings
from earlywarning.forms import VerifyForm, WarningForm
from earlywarning.models import WarningInfo
from earlywarning.services.intake import warning_record, warning_verify
from earlywarning.views import current_year, report_errors
from registry import excel
from registry.forms import usable_filters


def _filtered(request):
    """The page always shows one year (this one by default); the other filters are the
    API's too (``earlywarning.filtering``), and a bad value is left out, not an error."""
    year = current_year(request, timezone.localdate().year)
    filters = {**usable_filters(WarningFilterForm(request.GET)), "year": year}
    warnings = filter_warnings(selectors.warnings_for(request.user), filters)
    return year, warnings.select_related("case")



@login_required
def warning_list(request):
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    year, warnings = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "earlywarning/warning_list.html",
        {
            "year": year,
            "page": Paginator(warnings, 50).get_page(request.GET.get("page")),
            "units": access.readable_units(request.user),
            "verifications": Verification.choices,
            "sources": SourceType.choices,
            "query": query.urlencode(),
            "can_take_in": access.is_discipline_staff(request.user),
        },
    )


@login_required
def warning_export(request):
    """The filtered warnings as an Excel file. Complainant details are never exported."""
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    year, warnings = _filtered(request)
    buffer = BytesIO()
    write_warnings(warnings.order_by("unit__path", "received_on", "id"), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="warnings-{year}.xlsx"'
    return response


@login_required
def warning_create(request):
    if not access.is_discipline_staff(request.user):
        raise PermissionDenied(_("Only discipline-inspection staff take in warning information."))
    form = WarningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            warning = warning_record(warning=form.instance, by=request.user)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The warning information was recorded."))
            return redirect("earlywarning:warning_detail", pk=warning.pk)
    if not request.POST:
        form.initial.setdefault("received_on", timezone.localdate())
    return render(request, "earlywarning/warning_form.html", {"form": form})


@login_required
def warning_detail(request, pk: int):
    warning = access.get_readable(selectors.warnings_for(request.user), request.user, pk)
    handles = access.is_discipline_staff(request.user, warning.unit)
    return render(
        request,
        "earlywarning/warning_detail.html",
        {
            "warning": warning,
            "handles": handles,
            "case": warning.disposal,
            "deductions": warning.deductions.select_related("rule", "person"),
            "notices": warning.notices.select_related("document__kind", "document__issuer"),
            "verify_form": VerifyForm() if handles else None,
        },
    )


@login_required
@require_POST
def warning_verify_view(request, pk: int):
    warning = access.get_readable(WarningInfo.objects.select_related("unit"), request.user, pk)
    if not access.is_discipline_staff(request.user, warning.unit):
        raise PermissionDenied(_("Only discipline-inspection staff verify warning information."))
    form = VerifyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            warning_verify(
                warning=warning,
                found=data["verification"] == Verification.VERIFIED,
                reason=data["verification_reason"],
                rule=data["rule"],
                is_major=data["is_major"],
                by=request.user,
            )
            messages.success(request, _("The finding was recorded."))
        except ValidationError as error:
            report_errors(request, error)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("earlywarning:warning_detail", pk=warning.pk)
