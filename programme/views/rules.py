"""Rule building: make, revise or abolish a rule; plan revisions and mark them done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdca.excel import sheet, workbook_response
from programme import ledger_rules
from programme.access import keeps_records, readable_unit, require_keeper
from programme.forms import PlanDoneForm, PlanForm, RuleChangeForm, RuleForm
from programme.models import RevisionPlan, Rule
from programme.services import rules as service
from programme.views.common import add_validation_error, form_errors, year_of
from registry.roles import VIEW
from registry.scoping import visible_units


def _unit_form(request, pk: int, form_class, heading: str, write, done_message: str):
    """GET shows the form; POST calls ``write`` and goes to the unit's page."""
    unit = readable_unit(request.user, pk)
    require_keeper(request.user, unit)
    form = form_class(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            write(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, done_message)
            return redirect("programme:unit", pk=unit.pk)
    return render(
        request,
        "programme/form_page.html",
        {"unit": unit, "form": form, "form_id": "unit-form", "heading": heading},
    )


@login_required
def rule_make(request, pk: int):
    return _unit_form(
        request,
        pk,
        RuleForm,
        _("Record a rule"),
        service.rule_make,
        _("The rule is recorded."),
    )


@login_required
def plan_add(request, pk: int):
    return _unit_form(
        request,
        pk,
        PlanForm,
        _("Plan a rule revision"),
        service.plan_add,
        _("The revision plan is recorded."),
    )


def _visible_rule(user, pk: int) -> Rule:
    return get_object_or_404(
        Rule.objects.select_related("unit"), pk=pk, unit__in=visible_units(user, VIEW)
    )


@login_required
def rule_detail(request, pk: int):
    rule = _visible_rule(request.user, pk)
    keeper = keeps_records(request.user, rule.unit)
    return render(
        request,
        "programme/rule_detail.html",
        {
            "rule": rule,
            "changes": rule.changes.all(),
            "points": rule.risk_points.all(),
            "measures": rule.measures.select_related("risk_point"),
            "plans": rule.plans.select_related("owner"),
            "change_form": RuleChangeForm() if keeper and rule.in_force else None,
        },
    )


@login_required
@require_POST
def rule_change(request, pk: int):
    rule = _visible_rule(request.user, pk)
    require_keeper(request.user, rule.unit)
    form = RuleChangeForm(request.POST)
    if form.is_valid():
        try:
            service.rule_change(rule=rule, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
    if form.errors:
        messages.error(
            request, _("The change was not recorded: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        messages.success(request, _("The change is recorded."))
    return redirect("programme:rule_detail", pk=rule.pk)


@login_required
@require_POST
def plan_done(request, pk: int):
    plan = get_object_or_404(
        RevisionPlan.objects.select_related("unit"),
        pk=pk,
        unit__in=visible_units(request.user, VIEW),
    )
    require_keeper(request.user, plan.unit)
    form = PlanDoneForm(request.POST)
    if form.is_valid():
        try:
            service.plan_done(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
    if form.errors:
        messages.error(
            request, _("The plan was not marked done: %(errors)s") % {"errors": form_errors(form)}
        )
    else:
        messages.success(request, _("The plan is marked done."))
    return redirect("programme:unit", pk=plan.unit_id)


@login_required
def rules_export(request, pk: int):
    """The unit's rule changes of the year as the ledger the importer reads back."""
    unit = readable_unit(request.user, pk)
    year = year_of(request)
    headers = [column.label for column in ledger_rules.COLUMNS]
    return workbook_response(
        f"rules-{unit.code}-{year}.xlsx",
        [sheet(str(year), headers, ledger_rules.export_rows(unit, year))],
    )
