from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning import access, selectors
from earlywarning.chart import trend_geometry
from earlywarning.models import ColourThreshold, DeductionRule, StepDeadline
from earlywarning.trends import district_trends
from earlywarning.views import current_year


@login_required
def index(request):
    """The warnings dashboard: colours, steps, overdue cases, the monthly trend."""
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    now = timezone.now()
    year = current_year(request, timezone.localdate(now).year)
    data = selectors.dashboard(
        user=request.user, year=year, now=now, colour=request.GET.get("colour", "")
    )
    return render(
        request,
        "earlywarning/dashboard.html",
        {
            **data,
            "chart": trend_geometry(data["trend"]),
            "now": now,
            "handles": access.is_discipline_staff(request.user),
        },
    )


@login_required
def rules(request):
    """The deduction rules, colour thresholds and step deadlines in force (edited in admin)."""
    return render(
        request,
        "earlywarning/rules.html",
        {
            "rules": DeductionRule.objects.all(),
            "thresholds": ColourThreshold.objects.all(),
            "deadlines": StepDeadline.objects.all(),
        },
    )


@login_required
def trends(request):
    """The district's trends per quarter, for whoever reads a whole unit's warnings."""
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    return render(
        request,
        "earlywarning/trends.html",
        district_trends(user=request.user, today=timezone.localdate()),
    )
