from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registry import selectors, services
from registry.forms import MeasureFormSet, RiskPointForm
from registry.history import risk_point_history
from registry.levels import grading_form_for
from registry.models import Measure, RiskPoint
from registry.scoping import can_read_history, can_write_register, visible_units
from registry.services import FROZEN_STATUSES
from registry.views.history import require_history_reader
from registry.workflow import ConflictError, may_submit, risk_list_for, transition_points
from registry.workflow_display import outcome_message, workflow_panel


@login_required
def riskpoint_list(request):
    filterset, page = selectors.risk_point_list(user=request.user, params=request.GET)
    return render(
        request,
        "registry/riskpoint_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": selectors.list_query(request.GET),
            "sort_query": selectors.list_query(request.GET, keep_sort=False),
            "sort": request.GET.get("sort", ""),
            "per_page": selectors.page_size(request.GET),
            "can_write": can_write_register(request.user),
        },
    )


@login_required
def unit_options(request):
    """The register filter's unit choices, fetched when the select is opened (a
    district's thousand units made the page 55 KB of options)."""
    units = visible_units(request.user).values_list("pk", "name", "depth")
    return JsonResponse({"options": [[pk, "\u3000" * depth + name] for pk, name, depth in units]})


@login_required
def riskpoint_detail(request, pk: int):
    risk_point = selectors.get_risk_point(user=request.user, pk=pk)
    measures = list(risk_point.measures.select_related("responsible_person"))
    return render(
        request,
        "registry/riskpoint_detail.html",
        {
            "risk_point": risk_point,
            "measures": measures,
            "can_edit": selectors.can_edit_risk_point(user=request.user, risk_point=risk_point),
            "can_read_history": can_read_history(request.user),
            **workflow_panel(request.user, risk_point, measures),
        },
    )


@login_required
def riskpoint_create(request):
    if not can_write_register(request.user):
        raise PermissionDenied(_("Your roles do not allow writing risk points."))
    return _edit(request, RiskPoint())


@login_required
def riskpoint_edit(request, pk: int):
    risk_point = selectors.get_risk_point(user=request.user, pk=pk)
    if not selectors.can_edit_risk_point(user=request.user, risk_point=risk_point):
        raise PermissionDenied(_("You may read this risk point but not change it."))
    if risk_point.status in FROZEN_STATUSES:
        raise PermissionDenied(
            _("A point on notice or in effect is not edited in place: open a revision instead.")
        )
    return _edit(request, risk_point)


def _edit(request, risk_point: RiskPoint):
    data = request.POST if request.method == "POST" else None
    form = RiskPointForm(data, instance=risk_point, user=request.user)
    # A new point's level comes from the grading factors asked on the same form.
    grading = (
        None if risk_point.pk else grading_form_for(data=data, point=risk_point, user=request.user)
    )
    if grading is not None:
        form.fields.pop("level", None)
    people = form.fields["responsible_person"].queryset
    formset = MeasureFormSet(
        data,
        instance=risk_point,
        prefix="measures",
        queryset=Measure.objects.filter(risk_point=risk_point.pk).select_related(
            "responsible_person"
        ),
        form_kwargs={"people": people},
    )
    valid = form.is_valid() and formset.is_valid() and (grading is None or grading[1].is_valid())
    if data is not None and valid:
        submit = "save_and_submit" in data
        try:
            saved, outcome = _save(request, form, formset, grading, submit=submit)
        except (ValidationError, ConflictError) as error:
            if grading is not None or not form.initial.get("id"):
                # Nothing was saved: the page goes back to a new point.
                risk_point.pk, risk_point.code = None, form.cleaned_data.get("code", "")
                for measure in getattr(formset, "new_objects", []):
                    measure.pk = None
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            message = _("Risk point “%(name)s” saved.") % {"name": saved.name}
            if outcome is not None:
                message = f"{message} {outcome_message(outcome)}"
            messages.success(request, message)
            return redirect("registry:riskpoint_detail", pk=saved.pk)
    return render(
        request,
        "registry/riskpoint_form.html",
        {
            "form": form,
            "formset": formset,
            "risk_point": risk_point,
            "grading_form": grading[1] if grading else None,
            "may_submit": may_submit(request.user, risk_point),
        },
    )


def _save(request, form, formset, grading, *, submit: bool):
    """Save the point, its measures and its grading, and submit it if asked: all or nothing."""
    outcome = None
    with transaction.atomic():
        point = form.save(commit=False)
        if grading is not None:
            source, grading_form = grading
            point.level = source.level(grading_form)
        saved = services.risk_point_save(
            risk_point=point,
            measures=formset.save(commit=False),
            removed_measures=formset.deleted_objects,
            by=request.user,
        )
        if grading is not None:
            source.save(grading_form, point=saved, by=request.user)
        if submit:
            outcome = transition_points(
                name="submit",
                point_ids=[saved.pk],
                risk_list=risk_list_for(saved),
                by=request.user,
                expected_version=None,
            )
    return saved, outcome


@login_required
def riskpoint_history(request, pk: int):
    risk_point = selectors.get_risk_point(user=request.user, pk=pk)
    require_history_reader(request.user)
    entries = risk_point_history(viewer=request.user, risk_point=risk_point)
    return render(
        request,
        "registry/riskpoint_history.html",
        {"risk_point": risk_point, "entries": entries},
    )
