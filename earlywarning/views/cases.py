from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from earlywarning import access, selectors
from earlywarning.choices import CaseStatus, Step
from earlywarning.filtering import CaseFilterForm, filter_cases
from earlywarning.forms import CaseCloseForm, CaseMoveForm, CaseRecordForm
from earlywarning.models import DisposalCase, WarningInfo
from earlywarning.services.disposal import case_close, case_move, case_open, case_record
from earlywarning.views import report_errors
from registry import uploads
from registry.forms import usable_filters


def _get_case(request, pk: int) -> DisposalCase:
    return access.get_readable(selectors.cases_for(request.user), request.user, pk)


def _require_handler(request, unit) -> None:
    if not access.is_discipline_staff(request.user, unit):
        raise PermissionDenied(_("Only discipline-inspection staff handle this case."))


@login_required
def case_list(request):
    if not access.reads_any(request.user):
        raise PermissionDenied(_("Your roles do not cover a whole unit's warnings."))
    form = CaseFilterForm(request.GET)
    cases = filter_cases(selectors.cases_for(request.user), usable_filters(form))
    status = form.data.get("status", "")
    step = request.GET.get("step", "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "earlywarning/case_list.html",
        {
            "page": Paginator(cases.order_by("deadline", "id"), 50).get_page(
                request.GET.get("page")
            ),
            "statuses": CaseStatus.choices,
            "steps": Step.choices,
            "status": status,
            "step": step,
            "query": query.urlencode(),
            "now": timezone.now(),
        },
    )


@login_required
def case_detail(request, pk: int, forms: dict | None = None):
    case = _get_case(request, pk)
    handles = access.is_discipline_staff(request.user, case.unit)
    forms = forms or {}
    if handles and case.is_open:
        forms.setdefault("record_form", CaseRecordForm(instance=case))
        forms.setdefault("move_form", CaseMoveForm())
        forms.setdefault("close_form", CaseCloseForm())
    return render(
        request,
        "earlywarning/case_detail.html",
        {
            "case": case,
            "handles": handles,
            "steps": Step.choices,
            "events": case.events.select_related("by"),
            "notices": case.warning.notices.select_related("document__kind", "document__issuer"),
            "now": timezone.now(),
            **forms,
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


@login_required
def case_evidence(request, pk: int):
    case = _get_case(request, pk)
    if not case.evidence_file:
        raise Http404
    return uploads.attachment(case.evidence_file, filename=case.evidence_file_name)


@login_required
@require_POST
def case_open_view(request, pk: int):
    warning = access.get_readable(WarningInfo.objects.select_related("unit"), request.user, pk)
    _require_handler(request, warning.unit)
    try:
        case = case_open(warning=warning, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("earlywarning:warning_detail", pk=warning.pk)
    messages.success(request, _("Disposal started at the first step, the reminder."))
    return redirect("earlywarning:case_detail", pk=case.pk)


@login_required
@require_POST
def case_record_view(request, pk: int):
    case = _get_case(request, pk)
    _require_handler(request, case.unit)
    form = CaseRecordForm(request.POST, instance=DisposalCase.objects.get(pk=case.pk))
    if form.is_valid():
        try:
            case_record(
                case=case,
                values=form.values(),
                rectification_deadline=form.cleaned_data.get("rectification_deadline"),
                by=request.user,
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The step record was saved."))
            return redirect("earlywarning:case_detail", pk=case.pk)
    return case_detail(request, pk, {"record_form": form})


@login_required
@require_POST
def case_move_view(request, pk: int):
    case = _get_case(request, pk)
    _require_handler(request, case.unit)
    form = CaseMoveForm(request.POST)
    if form.is_valid():
        try:
            case = case_move(
                case=case,
                up=form.cleaned_data["direction"] == "up",
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(
                request, _("The case is now at “%(step)s”.") % {"step": case.get_step_display()}
            )
            return redirect("earlywarning:case_detail", pk=case.pk)
    return case_detail(request, pk, {"move_form": form})


@login_required
@require_POST
def case_close_view(request, pk: int):
    case = _get_case(request, pk)
    _require_handler(request, case.unit)
    form = CaseCloseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            case_close(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The case was closed."))
            return redirect("earlywarning:case_detail", pk=case.pk)
    return case_detail(request, pk, {"close_form": form})
