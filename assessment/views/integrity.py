"""Integrity files (廉政档案) per person and the leaders' integrity index."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import selectors
from assessment.access import can_keep_integrity_file, can_read_integrity_file, readable_people
from assessment.choices import AppraisalStatus
from assessment.forms import AdjustmentForm
from assessment.integrity import (
    adjustment_record,
    index_formula,
    integrity_indexes,
    leaders_of,
    sections_for,
)
from assessment.models import Appraisal, Commitment
from registry import uploads
from registry.models import Person, PostTenure, RiskPoint
from registry.scoping import scope_for
from registry.selectors import year_param


def _readable_people(user):
    return readable_people(user)


def _year(request) -> int:
    return year_param(request.GET, datetime.date.today().year)


@login_required
def person_list(request):
    people = _readable_people(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(name__icontains=query)
    return render(
        request,
        "assessment/person_list.html",
        {"people": people.order_by("unit__path", "name")[:200], "q": query},
    )


@login_required
def person_file(request, pk: int):
    person = get_object_or_404(_readable_people(request.user), pk=pk)
    if not can_read_integrity_file(request.user, person):
        raise PermissionDenied(_("You may not read this integrity file."))
    year = _year(request)
    tenures = list(
        PostTenure.objects.filter(person=person).select_related("post__unit", "post__department")
    )
    points = (
        RiskPoint.objects.filter(
            Q(post__in=[t.post_id for t in tenures]) | Q(responsible_person=person)
        )
        .filter(revision_of__isnull=True)
        .select_related("unit", "post", "grading")
        .order_by("-year", "level")
    )
    scope = scope_for(request.user)
    points = list(points)
    for point in points:
        # Points of a former post in another unit stay listed, but unlinked when
        # the reader could not open them.
        point.opens = scope.opens_point(point)
    unit_ids = {t.post.unit_id for t in tenures} | {person.unit_id}
    appraisals = Appraisal.objects.filter(
        unit_id__in=unit_ids, status=AppraisalStatus.PUBLISHED
    ).select_related("unit")
    keeper = can_keep_integrity_file(request.user, person)
    return render(
        request,
        "assessment/person_file.html",
        {
            "person": person,
            "year": year,
            "tenures": tenures,
            "points": points,
            "commitments": Commitment.objects.filter(person=person),
            "appraisals": appraisals,
            "index": integrity_indexes([person], year)[person.pk],
            "index_formula": index_formula(),
            "sections": sections_for(person, year),
            "keeper": keeper,
            "adjustment_form": AdjustmentForm(initial={"year": year}) if keeper else None,
        },
    )


def _kept_person(request, pk: int) -> Person:
    person = get_object_or_404(_readable_people(request.user), pk=pk)
    if not can_keep_integrity_file(request.user, person):
        raise PermissionDenied(
            _("Only discipline-inspection staff and administrators keep integrity files.")
        )
    return person


@login_required
@require_POST
def adjustment_add(request, pk: int):
    person = _kept_person(request, pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            adjustment_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The adjustment is recorded."))
    else:
        messages.error(
            request, _("The adjustment was not recorded: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(f"{_file_url(person)}?year={form.data.get('year', '')}")


def _file_url(person) -> str:
    from django.urls import reverse

    return reverse("assessment:person_file", args=[person.pk])


def _errors(form) -> str:
    return "；".join(
        f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}".strip()
        for f, e in form.errors.items()
    )


@login_required
def commitment_file(request, pk: int):
    commitment = get_object_or_404(Commitment, pk=pk, person__in=_readable_people(request.user))
    return uploads.attachment(commitment.file, filename=commitment.file_name)


@login_required
def unit_integrity(request, pk: int):
    unit = selectors.get_visible_unit(user=request.user, pk=pk)
    year = _year(request)
    leaders = [p for p in leaders_of(unit, year) if can_read_integrity_file(request.user, p)]
    indexes = integrity_indexes(leaders, year)
    return render(
        request,
        "assessment/unit_integrity.html",
        {
            "unit": unit,
            "year": year,
            "rows": [indexes[p.pk] for p in leaders],
            "index_formula": index_formula(),
        },
    )
