"""A unit's and a person's warning history: standing, accountability, items, cases."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from earlywarning import access, selectors
from earlywarning.models import Deduction, Notice
from earlywarning.standing import (
    person_accountability,
    person_standing,
    unit_accountability,
    unit_standing,
)
from earlywarning.views import current_year
from registry.models import Person, Unit


@login_required
def unit_history(request, pk: int):
    unit = access.get_readable(Unit.objects.all(), request.user, pk, prefix="")
    year = current_year(request, timezone.localdate().year)
    return render(
        request,
        "earlywarning/unit_history.html",
        {
            "unit": unit,
            "year": year,
            "standing": unit_standing(unit, year),
            "flag": unit_accountability(unit, year),
            "warnings": selectors.warnings_for(request.user)
            .filter(unit=unit)
            .select_related("case"),
            "deductions": Deduction.objects.filter(
                unit=unit, person__isnull=True, year=year
            ).select_related("rule", "warning", "officer_report"),
            "notices": Notice.objects.filter(unit=unit).select_related("document__kind", "document__issuer"),
        },
    )


@login_required
def person_history(request, pk: int):
    person = access.get_readable(Person.objects.select_related("unit"), request.user, pk)
    if person is None:
        raise Http404
    year = current_year(request, timezone.localdate().year)
    return render(
        request,
        "earlywarning/person_history.html",
        {
            "person": person,
            "year": year,
            "standing": person_standing(person, year),
            "flag": person_accountability(person, year),
            "warnings": selectors.warnings_for(request.user)
            .filter(person=person)
            .select_related("case"),
            "deductions": Deduction.objects.filter(person=person, year=year).select_related(
                "rule", "warning"
            ),
        },
    )
