"""The programme's start page and each unit's programme records."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessment.veto import unit_honours
from programme import selectors
from programme.access import keeps_records, kept_units, readable_unit
from programme.education import education_figures
from programme.filing import filing_rows
from programme.models import EducationActivity, RevisionPlan, Rule
from programme.rules import rule_counts
from programme.views.common import year_of
from registry.documents.selectors import documents_for
from registry.roles import VIEW
from registry.scoping import can_write_register, visible_units


@login_required
def index(request):
    year = year_of(request)
    units = visible_units(request.user, VIEW).order_by("path")
    return render(
        request,
        "programme/index.html",
        {
            "units": units,
            "kept": set(kept_units(request.user).values_list("pk", flat=True)),
            "year": year,
        },
    )


@login_required
def unit_page(request, pk: int):
    unit = readable_unit(request.user, pk)
    year = year_of(request)
    batches = list(selectors.visible_batches(request.user).filter(unit=unit, year=year))
    progress = selectors.batch_progress(batches)
    appraisal, honours = unit_honours(unit, year)
    return render(
        request,
        "programme/unit.html",
        {
            "unit": unit,
            "year": year,
            "keeper": keeps_records(request.user, unit),
            # The ledger upload page is registry's, open to those who write the register.
            "can_import": can_write_register(request.user),
            "batches": [(b, progress[b.pk]) for b in batches],
            "education": education_figures([unit], year)[unit.pk],
            "activities": EducationActivity.objects.filter(unit=unit, held_on__year=year)
            .select_related("kind")
            .order_by("held_on"),
            "filing": filing_rows([unit], year)[0],
            "rule_counts": rule_counts([unit], year)[unit.pk],
            "rules": Rule.objects.filter(unit=unit),
            "plans": RevisionPlan.objects.filter(unit=unit, done_on__isnull=True).select_related(
                "owner", "rule"
            ),
            "documents": documents_for(request.user).filter(unit=unit)[:50],
            "appraisal": appraisal,
            "honours": honours,
        },
    )
