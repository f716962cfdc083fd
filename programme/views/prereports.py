"""Major-matter pre-reports: the list in scope, reporting, the reminder card, the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from programme.access import kept_units
from programme.forms import DecisionForm, PreReportForm, ReminderCardForm
from programme.models import PreReport
from programme.services import prereports as service
from registry.documents.services import kind_by_code
from registry.roles import APPROVE, VIEW
from registry.scoping import is_discipline_staff, visible_units


def _reportable_units(user):
    return (visible_units(user, APPROVE) | kept_units(user)).filter(is_active=True).distinct()


def _visible(user):
    return PreReport.objects.filter(unit__in=visible_units(user, VIEW)).select_related(
        "unit", "reminder_card__kind", "reminder_card__issuer"
    )


@login_required
def prereport_list(request):
    return render(
        request,
        "programme/prereport_list.html",
        {
            "reports": _visible(request.user)[:300],
            "may_report": _reportable_units(request.user).exists(),
        },
    )


@login_required
def prereport_create(request):
    units = _reportable_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("Only a unit's leaders report its major matters."))
    form = PreReportForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            report = service.prereport_submit(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if report.is_late or report.is_missing:
                messages.warning(
                    request,
                    _("Reported less than %(days)d days before the meeting: this is passed on "
                      "as warning information.") % {"days": report.notice_days},
                )  # fmt: skip
            return redirect("programme:prereport_detail", pk=report.pk)
    return render(
        request,
        "programme/form_page.html",
        {"form": form, "heading": _("Report a major matter"), "unit": "", "form_id": "prereport"},
    )


@login_required
def prereport_detail(request, pk: int):
    report = get_object_or_404(_visible(request.user), pk=pk)
    answers = is_discipline_staff(request.user, report.unit) and not report.reminder_card_id
    files = service.may_report(request.user, report.unit)
    card_form = ReminderCardForm(
        initial={"body": kind_by_code("reminder_card").draft_body(unit=report.unit)}
    )
    return render(
        request,
        "programme/prereport_detail.html",
        {
            "report": report,
            "card_form": card_form if answers else None,
            "decision_form": files,
        },
    )


@login_required
def prereport_answer(request, pk: int):
    report = get_object_or_404(_visible(request.user), pk=pk)
    form = ReminderCardForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            report = service.prereport_answer(
                report=report, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(document)s was issued.") % {"document": report.reminder_card}
            )
    return redirect("programme:prereport_detail", pk=report.pk)


@login_required
def prereport_decision(request, pk: int):
    report = get_object_or_404(_visible(request.user), pk=pk)
    if not service.may_report(request.user, report.unit):
        raise PermissionDenied(
            _("Only the leaders of %(unit)s report its major matters.") % {"unit": report.unit}
        )
    form = DecisionForm(request.POST or None, instance=PreReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            service.decision_file(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision record was filed."))
            return redirect("programme:prereport_detail", pk=report.pk)
    return render(
        request,
        "programme/form_page.html",
        {"form": form, "heading": _("Decision record"), "unit": report.unit,
         "form_id": "decision"},
    )  # fmt: skip
