"""The rectification list's filters: one form and one function, called by the list
page and by the API alike (``registry.api.scoped.PageFilterBackend``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.choices import RectificationStatus
from registry.forms import MAX_ID


class RectificationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", ""), *RectificationStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False)
    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=MAX_ID, required=False)


def filter_rectification(items, filters: dict, *, user):
    if filters.get("status"):
        items = items.filter(status=filters["status"])
    if filters.get("overdue"):
        items = items.overdue(timezone.localdate())
    if filters.get("mine"):
        items = items.filter(owner=user)
    if filters.get("unit"):
        items = items.filter(unit_id=filters["unit"])
    return items
