import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from earlywarning import access, selectors
from earlywarning.forms import OfficerForm, ReportForm
from earlywarning.models import InformationOfficer, OfficerReport
from earlywarning.services.officers import (
    may_report_for,
    month_start,
    officer_appoint,
    officer_end,
    report_submit,
)
from earlywarning.views import current_year, report_errors


def _officers_for(user):
    """Officers of units the user reads, plus the user's own appointments."""
    own = Q(person__user_id=user.pk)
    readable = access.readable(InformationOfficer.objects.all(), user)
    return (
        InformationOfficer.objects.filter(Q(pk__in=readable.values("pk")) | own)
        .select_related("unit", "person")
        .order_by("unit__path", "person__name")
    )


@login_required
def officer_list(request):
    officers = list(_officers_for(request.user).filter(ended_on__isnull=True))
    handles = access.is_discipline_staff(request.user)
    form = OfficerForm(request.POST or None, user=request.user) if handles else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only discipline-inspection staff appoint officers."))
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                officer_appoint(
                    unit=person.unit,
                    person=person,
                    appointed_on=form.cleaned_data["appointed_on"],
                    report_day=form.cleaned_data["report_day"],
                    by=request.user,
                )
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("%(person)s was appointed.") % {"person": person})
                return redirect("earlywarning:officer_list")
    today = timezone.localdate()
    recent = {
        (r.officer_id, r.period): r
        for r in OfficerReport.objects.filter(
            officer__in=officers, period__gte=month_start(today - datetime.timedelta(days=62))
        )
    }
    for officer in officers:
        officer.this_month = recent.get((officer.pk, month_start(today)))
        officer.may_report = may_report_for(request.user, officer)
        officer.may_end = access.is_discipline_staff(request.user, officer.unit)
    return render(
        request,
        "earlywarning/officer_list.html",
        {"officers": officers, "form": form, "today": today},
    )


@login_required
@require_POST
def officer_end_view(request, pk: int):
    officer = get_object_or_404(_officers_for(request.user), pk=pk)
    try:
        officer_end(officer=officer, ended_on=timezone.localdate(), by=request.user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(
            request, _("The appointment of %(person)s ended.") % {"person": officer.person}
        )
    return redirect("earlywarning:officer_list")


@login_required
def report_create(request, pk: int):
    officer = get_object_or_404(_officers_for(request.user), pk=pk)
    if not may_report_for(request.user, officer):
        raise PermissionDenied(_("Only the officer or discipline staff file this report."))
    form = ReportForm(request.POST or None, initial={"period": month_start(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(officer=officer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The monthly report was filed."))
            return redirect("earlywarning:officer_list")
    reports = officer.reports.all()[:12]
    return render(
        request,
        "earlywarning/report_form.html",
        {"form": form, "officer": officer, "reports": reports},
    )


@login_required
def quarterly_analysis(request):
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    today = timezone.localdate()
    year = current_year(request, today.year)
    quarter = request.GET.get("quarter", "")
    quarter = int(quarter) if quarter in {"1", "2", "3", "4"} else (today.month - 1) // 3 + 1
    rows = selectors.quarterly_analysis(user=request.user, year=year, quarter=quarter)
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("officers", "on_time", "late", "missing", "received", "verified")
    }
    return render(
        request,
        "earlywarning/analysis.html",
        {
            "rows": rows,
            "totals": totals,
            "year": year,
            "quarter": quarter,
            "quarters": [1, 2, 3, 4],
        },
    )
