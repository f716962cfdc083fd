"""My monitoring list, vacant monitors, risk maps and the app's index."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from assessment import selectors
from assessment.access import assessor_units, can_manage_grading_model
from assessment.rollup import level_rollup, point_matrix
from registry.choices import RiskLevel


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "assessment/index.html",
        {
            "monitoring_count": selectors.my_monitoring(user=user).count(),
            "problem_count": sum(g["count"] for g in selectors.monitoring_problems(user=user)),
            "override_count": selectors.overridden_grades(user=user).count(),
            "is_assessor": assessor_units(user).exists(),
            "can_manage": can_manage_grading_model(user),
        },
    )


@login_required
def my_monitoring(request):
    level = request.GET.get("level")
    level = int(level) if level in {"1", "2", "3"} else None
    rows = selectors.my_monitoring(user=request.user, level=level)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/my_monitoring.html",
        {"page": page, "level": level, "levels": RiskLevel.choices},
    )


@login_required
def monitoring_problems(request):
    return render(
        request,
        "assessment/monitoring_problems.html",
        {"groups": selectors.monitoring_problems(user=request.user)},
    )


@login_required
def units_map(request):
    year = selectors.year_param(request.GET)
    return render(
        request,
        "assessment/units_map.html",
        {
            "matrix": point_matrix(user=request.user, year=year),
            "rollup": level_rollup(user=request.user, year=year),
            "year": year,
            "levels": RiskLevel.choices,
        },
    )


@login_required
def unit_map(request, pk: int):
    unit = selectors.get_visible_unit(user=request.user, pk=pk)
    return render(
        request,
        "assessment/unit_map.html",
        {
            "unit": unit,
            "heat": selectors.unit_heat_map(user=request.user, unit=unit),
            "posts": selectors.post_levels(user=request.user, unit=unit),
            "matrix": point_matrix(user=request.user, unit=unit),
            "levels": RiskLevel.choices,
        },
    )
