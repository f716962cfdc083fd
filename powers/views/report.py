"""The coverage report of a unit's power list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from powers import coverage, selectors
from registry.scoping import visible_units


@login_required
def coverage_index(request):
    """Straight to the report of the first unit the user sees; units to switch to are listed."""
    unit = visible_units(request.user).exclude(depth=0).order_by("path").first()
    unit = unit or visible_units(request.user).order_by("path").first()
    if unit is None:
        raise Http404
    return redirect("powers:coverage", unit_pk=unit.pk)


@login_required
def coverage_report(request, unit_pk: int):
    unit = selectors.get_unit(user=request.user, pk=unit_pk)
    return render(
        request,
        "powers/coverage.html",
        {
            "report": coverage.unit_coverage(unit),
            "units": visible_units(request.user).order_by("path"),
            "unit": unit,
        },
    )
