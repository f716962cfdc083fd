"""Decomposition onto posts (分解到岗): a power's posts, a post's powers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powers import coverage, selectors, services
from powers.forms import AssignmentForm
from powers.views.common import power_for_write


@login_required
def assignments_edit(request, pk: int):
    power = power_for_write(request, pk)
    form = AssignmentForm(request.POST or None, power=power)
    if request.method == "POST" and form.is_valid():
        try:
            services.power_assign_post(
                power=power,
                post=form.cleaned_data["post"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post assigned."))
            return redirect("powers:assignments_edit", pk=power.pk)
    return render(
        request,
        "powers/powerpost_list.html",
        {"power": power, "assignments": selectors.assignments_of(power), "form": form},
    )


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    power = power_for_write(request, pk)
    assignment = get_object_or_404(power.assignments, pk=assignment_pk)
    services.power_unassign_post(assignment=assignment, by=request.user)
    messages.success(request, _("%(post)s no longer exercises this power.") % {"post": assignment})
    return redirect("powers:assignments_edit", pk=power.pk)


@login_required
def post_detail(request, pk: int):
    post = selectors.get_post(user=request.user, pk=pk)
    return render(
        request,
        "powers/post_detail.html",
        {"post": post, "assignments": selectors.powers_of_post(post)},
    )


@login_required
def post_list(request, unit_pk: int):
    """Posts of a unit that exercise its powers; ``?without_risk=1`` keeps those with no risk point."""
    unit = selectors.get_unit(user=request.user, pk=unit_pk)
    without_risk = request.GET.get("without_risk") == "1"
    return render(
        request,
        "powers/post_list.html",
        {
            "unit": unit,
            "posts": coverage.post_rows(unit, without_risk=without_risk),
            "without_risk": without_risk,
        },
    )
