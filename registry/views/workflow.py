from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import selectors
from registry.choices import RiskPointStatus
from registry.forms import TransitionForm
from registry.models import RiskList, RiskPoint
from registry.scoping import scope_for, visible_units
from registry.workflow import (
    TRANSITIONS,
    ConflictError,
    can_return,
    open_revision,
    return_points,
    risk_list_for,
    transition_points,
)
from registry.workflow_display import batch_offer, outcome_message


@login_required
@require_POST
def riskpoint_act(request, pk: int):
    point = selectors.get_risk_point(user=request.user, pk=pk)
    form = TransitionForm(request.POST, unit=point.unit)
    if form.is_valid():
        _check_allowed(request.user, [point], form.cleaned_data["action"])
        _perform(request, risk_list_for(point), [point.pk], form)
    else:
        _report_form_errors(request, form)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("registry:riskpoint_detail", pk=point.pk)


@login_required
@require_POST
def riskpoint_revise(request, pk: int):
    point = selectors.get_risk_point(user=request.user, pk=pk)
    if not scope_for(request.user).allows("fill_register", point):
        raise PermissionDenied(_("You may read this risk point but not change it."))
    try:
        revision = open_revision(point=point, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("registry:riskpoint_detail", pk=point.pk)
    messages.success(
        request,
        _("A draft revision is open; the approved version stays in effect until it is replaced."),
    )
    return redirect("registry:riskpoint_edit", pk=revision.pk)


@login_required
def risklist_index(request):
    lists = (
        RiskList.objects.filter(unit__in=visible_units(request.user))
        .select_related("unit", "last_action_by__person")
        .order_by("-year", "unit__path")
    )
    page = Paginator(lists, 100).get_page(request.GET.get("page"))
    _attach_status_counts(list(page.object_list))
    return render(request, "registry/risklist_index.html", {"page": page, "query": ""})


def _attach_status_counts(risk_lists: list[RiskList]) -> None:
    """Each list's points per status, in one query for the whole page."""
    counts = (
        RiskPoint.objects.filter(
            unit_id__in={r.unit_id for r in risk_lists}, year__in={r.year for r in risk_lists}
        )
        .values_list("unit_id", "year", "status")
        .annotate(n=Count("id"))
    )
    by_list: dict[tuple, dict] = {}
    for unit_id, year, status, n in counts:
        by_list.setdefault((unit_id, year), {})[status] = n
    for risk_list in risk_lists:
        found = by_list.get((risk_list.unit_id, risk_list.year), {})
        risk_list.status_counts = [
            (label, found[value]) for value, label in RiskPointStatus.choices if value in found
        ]


@login_required
def risklist_detail(request, pk: int):
    risk_list = get_object_or_404(
        RiskList.objects.filter(unit__in=visible_units(request.user)).select_related("unit"), pk=pk
    )
    context = _list_context(request, risk_list)
    if request.method != "POST":
        return render(request, "registry/risklist_detail.html", context)
    form = TransitionForm(request.POST, unit=risk_list.unit)
    form.fields["action"].choices = context["offer"].actions
    ids = [int(i) for i in request.POST.getlist("points") if i.isdigit()]
    if not ids:
        messages.error(request, _("Choose at least one risk point."))
    elif form.is_valid():
        points = list(
            RiskPoint.objects.visible_to(request.user).filter(pk__in=ids).select_related("unit")
        )
        if len(points) != len(set(ids)):
            raise PermissionDenied(_("Some of the chosen risk points are not visible to you."))
        try:
            _check_allowed(request.user, points, form.cleaned_data["action"])
        except PermissionDenied as refusal:
            # Keep the page and the selection: the user can untick what is not theirs.
            messages.error(request, str(refusal))
            context.update(form=form, selected=set(ids))
            return render(request, "registry/risklist_detail.html", context)
        _perform(request, risk_list, ids, form)
    else:
        _report_form_errors(request, form)
    return redirect(request.get_full_path())


def _list_context(request, risk_list: RiskList) -> dict:
    points = (
        RiskPoint.objects.visible_to(request.user)
        .filter(unit=risk_list.unit, year=risk_list.year)
        .with_list_relations()
        .order_by("department__sort_order", "department__name", "level", "id")
    )
    department = request.GET.get("department", "")
    if department.isdigit():
        points = points.filter(department_id=int(department))
    points = list(points)
    grouped = {status: [] for status, _label in RiskPointStatus.choices}
    for point in points:
        grouped[point.status].append(point)
    form = TransitionForm(initial={"list_version": risk_list.version}, unit=risk_list.unit)
    offer = batch_offer(request.user, points)
    form.fields["action"].choices = offer.actions
    return {
        "risk_list": risk_list,
        # (label, status, points, whether the user may act on any of them)
        "groups": [
            (RiskPointStatus(s).label, s, pts, any(p.pk in offer.point_ids for p in pts))
            for s, pts in grouped.items()
            if pts
        ],
        "form": form,
        "offer": offer,
        "selected": set(),
        "departments": risk_list.unit.departments.all(),
        "department": department,
    }


def _check_allowed(user, points, action: str) -> None:
    """A visible point the user may not act on is a 403 with the reason."""
    scope = scope_for(user)
    if action == TransitionForm.RETURN:
        refused = [p for p in points if not can_return(user, p)]
    else:
        permission = TRANSITIONS[action].permission
        refused = [p for p in points if not scope.allows(permission, p)]
    if refused:
        raise PermissionDenied(
            _("Your roles do not allow “%(action)s” on “%(point)s”.")
            % {
                "action": dict(TransitionForm().fields["action"].choices)[action],
                "point": refused[0].name,
            }
        )


def _perform(request, risk_list: RiskList, point_ids: list[int], form: TransitionForm) -> None:
    data = form.cleaned_data
    try:
        if data["action"] == TransitionForm.RETURN:
            outcome = return_points(
                point_ids=point_ids,
                risk_list=risk_list,
                by=request.user,
                expected_version=data["list_version"],
                reason=data["comment"],
                to_draft=data["to_draft"],
            )
        else:
            outcome = transition_points(
                name=data["action"],
                point_ids=point_ids,
                risk_list=risk_list,
                by=request.user,
                expected_version=data["list_version"],
                comment=data["comment"],
                meeting_date=data["meeting_date"],
                minutes_ref=data["minutes_ref"],
                attendees=data["attendees"],
                notice_days=data["notice_days"],
            )
    except ConflictError as conflict:
        messages.error(request, str(conflict))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, outcome_message(outcome))


def _report_form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
