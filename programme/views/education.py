"""Integrity education: record an activity with its attendance, enter test scores."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdca.excel import sheet, workbook_response
from programme import ledgers
from programme.access import keeps_records, readable_unit, require_keeper
from programme.forms import ActivityForm
from programme.models import EducationActivity
from programme.services import education as service
from programme.views.common import add_validation_error, year_of
from registry.roles import VIEW
from registry.scoping import visible_units


@login_required
def activity_record(request, pk: int):
    unit = readable_unit(request.user, pk)
    require_keeper(request.user, unit)
    form = ActivityForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            activity = service.activity_record(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("programme:activity_detail", pk=activity.pk)
    return render(
        request,
        "programme/form_page.html",
        {
            "unit": unit,
            "form": form,
            "form_id": "activity-form",
            "heading": _("Record an education activity"),
        },
    )


def _visible_activity(user, pk: int) -> EducationActivity:
    return get_object_or_404(
        EducationActivity.objects.select_related("unit", "kind"),
        pk=pk,
        unit__in=visible_units(user, VIEW),
    )


@login_required
def activity_detail(request, pk: int):
    activity = _visible_activity(request.user, pk)
    return render(
        request,
        "programme/activity_detail.html",
        {
            "activity": activity,
            "rows": activity.attendance.select_related("person__unit").order_by("person__name"),
            "keeper": keeps_records(request.user, activity.unit),
        },
    )


def _scores(post) -> dict[int, Decimal | None]:
    scores = {}
    for key, value in post.items():
        if not key.startswith("score-"):
            continue
        try:
            scores[int(key.removeprefix("score-"))] = Decimal(value) if value.strip() else None
        except (ValueError, InvalidOperation) as error:
            raise ValidationError(
                {"score": _("“%(value)s” is not a score.") % {"value": value}}
            ) from error
    return scores


@login_required
@require_POST
def activity_scores(request, pk: int):
    activity = _visible_activity(request.user, pk)
    require_keeper(request.user, activity.unit)
    try:
        count = service.scores_record(
            activity=activity, scores=_scores(request.POST), by=request.user
        )
    except ValidationError as error:
        messages.error(
            request, _("No score was saved: %(errors)s") % {"errors": "；".join(error.messages)}
        )
    else:
        messages.success(request, _("%(count)d score(s) saved.") % {"count": count})
    return redirect("programme:activity_detail", pk=activity.pk)


@login_required
def attendance_export(request, pk: int):
    """The unit's attendance for the year as the ledger the importer reads back."""
    unit = readable_unit(request.user, pk)
    year = year_of(request)
    headers = [column.label for column in ledgers.COLUMNS]
    return workbook_response(
        f"education-{unit.code}-{year}.xlsx",
        [sheet(str(year), headers, ledgers.export_rows(unit, year))],
    )
