"""The power list, a power's page, and its create and edit forms."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from powers import selectors, services
from powers.access import can_write_powers, writable_units
from powers.export import with_export_relations, write_power_list
from powers.flowchart import flow_chart_svg
from powers.forms import PowerFilterForm, PowerItemForm
from powers.history import power_history
from powers.models import PowerItem
from powers.views.common import power_for_write
from registry import excel
from registry.forms import usable_filters
from registry.scoping import can_read_history


@login_required
def power_list(request):
    form = PowerFilterForm(request.GET or None, user=request.user)
    filters = usable_filters(form) if form.is_bound else {}
    per_page = _int(request.GET.get("per_page"))
    page = selectors.power_list(
        user=request.user, filters=filters, page_number=request.GET.get("page"), per_page=per_page
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "powers/poweritem_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": writable_units(request.user).exists(),
            "unit": filters.get("unit"),
            "export_url": f"{reverse('powers:power_export')}?{query.urlencode()}",
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def power_export(request):
    """The filtered list as an .xlsx file: the powers, and their steps on a second sheet."""
    form = PowerFilterForm(request.GET or None, user=request.user)
    filters = usable_filters(form) if form.is_bound else {}
    powers = selectors.filtered_powers(user=request.user, filters=filters)
    buffer = BytesIO()
    write_power_list(with_export_relations(powers), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="power-list.xlsx"'
    return response


@login_required
def power_detail(request, pk: int):
    power = selectors.get_power(user=request.user, pk=pk)
    steps = selectors.flow_of(user=request.user, power=power)
    return render(
        request,
        "powers/poweritem_detail.html",
        {
            "power": power,
            "assignments": selectors.assignments_of(power),
            "steps": steps,
            "chart": flow_chart_svg(power, steps) if steps else "",
            "bands": list(power.discretion_bands.all()),
            "can_edit": can_write_powers(request.user, power.unit),
            "can_read_history": can_read_history(request.user),
        },
    )


@login_required
def power_create(request):
    if not writable_units(request.user).exists():
        raise PermissionDenied(_("Your roles do not allow changing any unit's power list."))
    initial = {"unit": request.GET.get("unit")}
    return _edit(request, PowerItem(), initial)


@login_required
def power_edit(request, pk: int):
    return _edit(request, power_for_write(request, pk), {})


def _edit(request, power: PowerItem, initial: dict):
    data = request.POST if request.method == "POST" else None
    form = PowerItemForm(data, instance=power, initial=initial, user=request.user)
    if data is not None and form.is_valid():
        try:
            saved = services.power_save(power=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Power “%(name)s” saved.") % {"name": saved.name})
            return redirect("powers:power_detail", pk=saved.pk)
    return render(request, "powers/poweritem_form.html", {"form": form, "power": power})


@login_required
def power_history_view(request, pk: int):
    power = selectors.get_power(user=request.user, pk=pk)
    if not can_read_history(request.user):
        raise PermissionDenied(_("Only auditors, discipline staff and admins read change history."))
    return render(
        request,
        "powers/poweritem_history.html",
        {"power": power, "entries": power_history(power)},
    )
