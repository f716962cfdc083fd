"""Recording and withdrawing a veto (一票否决) on the appraisal page, and its evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import veto as service
from assessment.access import is_assessor
from assessment.forms import VetoForm, VetoWithdrawForm
from assessment.models import AppraisalVeto
from assessment.views.appraisal import appraisals_for, detail_context
from registry import uploads


def _get_veto(user, pk: int) -> AppraisalVeto:
    return get_object_or_404(
        AppraisalVeto.objects.select_related("appraisal__unit", "rule"),
        pk=pk,
        appraisal__in=appraisals_for(user),
    )


@login_required
@require_POST
def veto_record(request, pk: int):
    appraisal = get_object_or_404(appraisals_for(request.user), pk=pk)
    if not is_assessor(request.user, appraisal.unit):
        raise PermissionDenied(_("Only discipline-inspection staff record a veto."))
    form = VetoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.veto_record(appraisal=appraisal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The veto is recorded: the grade is unqualified."))
            return redirect("assessment:appraisal_detail", pk=appraisal.pk)
    context = detail_context(request, appraisal, veto_form=form)
    return render(request, "assessment/appraisal_detail.html", context, status=400)


@login_required
@require_POST
def veto_withdraw(request, pk: int):
    veto = _get_veto(request.user, pk)
    if not is_assessor(request.user, veto.appraisal.unit):
        raise PermissionDenied(_("Only discipline-inspection staff withdraw a veto."))
    form = VetoWithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({f: e for f, e in form.errors.items()})
        service.veto_withdraw(veto=veto, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _field_errors(error, form))
    else:
        messages.success(request, _("The veto is withdrawn: the grade follows the score again."))
    return redirect("assessment:appraisal_detail", pk=veto.appraisal_id)


def _field_errors(error: ValidationError, form) -> str:
    """Each message with the label of the field it concerns."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "；".join(
        f"{form.fields[name].label}：{' '.join(texts)}" if name in form.fields else " ".join(texts)
        for name, texts in error.message_dict.items()
    )


@login_required
def veto_evidence(request, pk: int):
    """The evidence behind a veto is for discipline staff only."""
    veto = _get_veto(request.user, pk)
    if not is_assessor(request.user, veto.appraisal.unit):
        raise PermissionDenied(_("Only discipline-inspection staff read the evidence of a veto."))
    if not veto.evidence:
        raise Http404
    return uploads.attachment(veto.evidence, filename=veto.evidence_name)
