"""The grading page of a risk point, overrides, the override register, and
the grading model with its bulk regrade."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import grading, selectors
from assessment.access import can_grade, can_manage_grading_model, can_override
from assessment.forms import GradingForm, OverrideForm, RegradeForm
from assessment.models import GradingModel, PointGrading, RegradeRun
from assessment.regrade import regrade_start
from assessment.scoring import ModelSnapshot
from registry.selectors import get_risk_point
from registry.services import FROZEN_STATUSES


def _grading_of(point) -> PointGrading | None:
    return (
        PointGrading.objects.filter(point=point)
        .select_related("grading_model", "overridden_by", "graded_by")
        .prefetch_related("answers__factor")
        .first()
    )


@login_required
def point_grading(request, pk: int):
    point = get_risk_point(user=request.user, pk=pk)
    existing = _grading_of(point)
    may_grade = can_grade(request.user, point) and point.status not in FROZEN_STATUSES
    if request.method == "POST" and not may_grade:
        raise PermissionDenied(_("You may read this grading but not record factors."))
    model = (
        existing.grading_model
        if existing and not may_grade
        else GradingModel.objects.filter(is_current=True).first()
    )
    factors = grading.factors_with_options(model) if model else []
    chosen = {o.pk for o in existing.answers.all()} if existing else set()
    form = GradingForm(request.POST or None, factors=factors, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            grading.point_grade(point=point, option_ids=form.option_ids(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            point.refresh_from_db()
            messages.success(
                request, _("Factors recorded: %(level)s.") % {"level": point.get_level_display()}
            )
            return redirect("assessment:point_grading", pk=point.pk)
    return render(
        request,
        "assessment/point_grading.html",
        {
            "point": point,
            "grading": existing,
            "model": model,
            "matrix": _matrix(existing.grading_model if existing else model),
            "form": form,
            "may_grade": may_grade,
            "may_override": existing is not None
            and can_override(request.user, point)
            and point.status not in FROZEN_STATUSES,
            "override_form": OverrideForm(
                initial={"level": existing.override_level} if existing else None
            ),
            "monitors": point.monitor_assignments.select_related("user__person"),
        },
    )


def _matrix(model: GradingModel | None) -> dict | None:
    """Rows high→low likelihood, columns low→high harm, for the template."""
    if model is None:
        return None
    snapshot = ModelSnapshot.load(model)
    bands = [3, 2, 1]
    return {
        "rows": [
            (lk, [(hm, snapshot.cells.get((lk, hm))) for hm in reversed(bands)]) for lk in bands
        ],
        "bands": snapshot.bands,
    }


@login_required
@require_POST
def point_override(request, pk: int):
    point = get_risk_point(user=request.user, pk=pk)
    if not can_override(request.user, point):
        raise PermissionDenied(
            _(
                "Only the leader in charge, the main leader or the leading group may override a level."
            )
        )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("assessment:point_grading", pk=point.pk)
    try:
        grading.point_override(
            point=point,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The level of “%(point)s” was overridden.") % {"point": point.name}
        )
    return redirect("assessment:point_grading", pk=point.pk)


@login_required
def override_list(request):
    return render(
        request,
        "assessment/override_list.html",
        {"gradings": selectors.overridden_grades(user=request.user)},
    )


@login_required
def model_list(request):
    return render(
        request,
        "assessment/model_list.html",
        {
            "models": GradingModel.objects.all(),
            "can_manage": can_manage_grading_model(request.user),
        },
    )


@login_required
def model_detail(request, pk: int):
    model = get_object_or_404(GradingModel, pk=pk)
    model.refresh_frozen()
    return render(
        request,
        "assessment/model_detail.html",
        {
            "model": model,
            "factors": grading.factors_with_options(model),
            "matrix": _matrix(model),
            "problems": grading.model_problems(model),
            "can_manage": can_manage_grading_model(request.user),
            "regrade_form": RegradeForm(),
            "runs": RegradeRun.objects.filter(grading_model=model)[:5],
        },
    )


def _require_manager(user) -> None:
    if not can_manage_grading_model(user):
        raise PermissionDenied(_("Only administrators change the grading model."))


@login_required
@require_POST
def model_copy(request, pk: int):
    _require_manager(request.user)
    copy = grading.grading_model_copy(model=get_object_or_404(GradingModel, pk=pk), by=request.user)
    messages.success(
        request,
        _("%(model)s created; edit it in the administration, then make it current.")
        % {"model": copy},
    )
    return redirect("assessment:model_detail", pk=copy.pk)


@login_required
@require_POST
def model_make_current(request, pk: int):
    _require_manager(request.user)
    model = get_object_or_404(GradingModel, pk=pk)
    try:
        grading.grading_model_make_current(model=model, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(model)s is now current.") % {"model": model})
    return redirect("assessment:model_detail", pk=model.pk)


@login_required
@require_POST
def model_regrade(request, pk: int):
    _require_manager(request.user)
    model = get_object_or_404(GradingModel, pk=pk)
    form = RegradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessment:model_detail", pk=model.pk)
    try:
        run = regrade_start(model=model, year=form.cleaned_data["year"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:model_detail", pk=model.pk)
    return redirect("assessment:regrade_detail", pk=run.pk)


@login_required
def regrade_detail(request, pk: int):
    _require_manager(request.user)
    run = get_object_or_404(RegradeRun.objects.select_related("grading_model", "started_by"), pk=pk)
    return render(request, "assessment/regrade_detail.html", {"run": run})
