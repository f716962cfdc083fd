"""The process flow: the steps editor (add, edit, move up or down, remove) and the chart."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powers import selectors, services
from powers.flowchart import flow_chart_svg
from powers.forms import StepForm
from powers.views.common import power_for_write


@login_required
def steps_edit(request, pk: int):
    """The steps of a power in order, with buttons to reorder or remove, and a form to add one."""
    power = power_for_write(request, pk)
    form = StepForm(request.POST or None, power=power, user=request.user)
    if request.method == "POST" and form.is_valid():
        if _save_step(request, form):
            messages.success(request, _("Step added."))
            return redirect("powers:steps_edit", pk=power.pk)
    return render(
        request,
        "powers/flowstep_list.html",
        {"power": power, "steps": selectors.flow_of(user=request.user, power=power), "form": form},
    )


def _save_step(request, form: StepForm) -> bool:
    try:
        services.step_save(
            step=form.save(commit=False), risk_points=form.chosen_points(), by=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def step_edit(request, pk: int, step_pk: int):
    power = power_for_write(request, pk)
    step = get_object_or_404(power.steps, pk=step_pk)
    form = StepForm(request.POST or None, instance=step, power=power, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_step(request, form):
        messages.success(request, _("Step “%(name)s” saved.") % {"name": step.name})
        return redirect("powers:steps_edit", pk=power.pk)
    return render(
        request, "powers/flowstep_form.html", {"power": power, "step": step, "form": form}
    )


@login_required
@require_POST
def step_move(request, pk: int, step_pk: int):
    power = power_for_write(request, pk)
    step = get_object_or_404(power.steps, pk=step_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.step_move(step=step, offset=offset, by=request.user)
    return redirect(f"{_steps_url(power)}#step-{step.pk}")


@login_required
@require_POST
def step_remove(request, pk: int, step_pk: int):
    power = power_for_write(request, pk)
    step = get_object_or_404(power.steps, pk=step_pk)
    services.step_remove(step=step, by=request.user)
    messages.success(request, _("Step “%(name)s” removed.") % {"name": step.name})
    return redirect("powers:steps_edit", pk=power.pk)


def _steps_url(power) -> str:
    return reverse("powers:steps_edit", args=[power.pk])


@login_required
def flow_svg(request, pk: int):
    """The chart as a file to download (权力运行流程图.svg)."""
    power = selectors.get_power(user=request.user, pk=pk)
    svg = flow_chart_svg(power, selectors.flow_of(user=request.user, power=power))
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml"
    )
    filename = f"{power.code}-flow.svg"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def flow_print(request, pk: int):
    """The chart alone on a page laid out for A4 paper."""
    power = selectors.get_power(user=request.user, pk=pk)
    steps = selectors.flow_of(user=request.user, power=power)
    return render(
        request,
        "powers/flow_print.html",
        {"power": power, "steps": steps, "chart": flow_chart_svg(power, steps)},
    )
