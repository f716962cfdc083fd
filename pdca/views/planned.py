"""Special inspections and unannounced checks (planned by discipline staff), and findings
recorded from patrols, audits and compliance reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pdca import selectors
from pdca.forms import ExternalFindingForm, InspectionPlanForm
from pdca.models import FindingSource
from pdca.services.planning import may_plan


def _require_discipline(user) -> None:
    if not may_plan(user):
        raise PermissionDenied(
            _("Only discipline-inspection staff plan inspections and record findings.")
        )


@login_required
def inspection_list(request):
    inspections = selectors.planned_inspections(request.user)
    source = request.GET.get("source", "")
    if source:
        inspections = inspections.filter(source__code=source)
    return render(
        request,
        "pdca/inspection_list.html",
        {
            "page": Paginator(inspections, 50).get_page(request.GET.get("page")),
            "sources": FindingSource.objects.planned(),
            "source": source,
            "may_plan": may_plan(request.user),
        },
    )


@login_required
def inspection_plan(request):
    _require_discipline(request.user)
    form = InspectionPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            planned = form.plan(by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(count)d inspection(s) planned.") % {"count": len(planned)}
            )
            if len(planned) == 1:
                return redirect("pdca:inspection_detail", pk=planned[0].pk)
            return redirect("pdca:inspection_list")
    return render(request, "pdca/inspection_plan.html", {"form": form})


@login_required
def external_finding_create(request):
    _require_discipline(request.user)
    form = ExternalFindingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            finding = form.record(by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The finding was recorded and a rectification item opened.")
            )
            return redirect("pdca:rectification_detail", pk=finding.rectification.pk)
    return render(request, "pdca/external_finding_form.html", {"form": form})
