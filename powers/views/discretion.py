"""Discretion standards: a power's bands, added, changed or removed one at a time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powers import services
from powers.forms import BandForm
from powers.views.common import power_for_write


@login_required
def bands_edit(request, pk: int, band_pk: int | None = None):
    power = power_for_write(request, pk)
    band = get_object_or_404(power.discretion_bands, pk=band_pk) if band_pk else None
    form = BandForm(request.POST or None, instance=band, power=power)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.band_save(band=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Discretion band %(band)s saved.") % {"band": saved})
            return redirect("powers:bands_edit", pk=power.pk)
    return render(
        request,
        "powers/discretionband_list.html",
        {"power": power, "bands": power.discretion_bands.all(), "form": form, "band": band},
    )


@login_required
@require_POST
def band_remove(request, pk: int, band_pk: int):
    power = power_for_write(request, pk)
    band = get_object_or_404(power.discretion_bands, pk=band_pk)
    services.band_remove(band=band, by=request.user)
    messages.success(request, _("Discretion band %(band)s removed.") % {"band": band})
    return redirect("powers:bands_edit", pk=power.pk)
