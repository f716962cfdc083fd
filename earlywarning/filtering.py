"""The filters of the warning and case lists: one form and one function each, called
by the list page and by the API alike (``registry.api.scoped.PageFilterBackend``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from earlywarning.choices import CaseStatus, SourceType, Step, Verification
from registry.forms import MAX_ID


class WarningFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=MAX_ID, required=False)
    verification = forms.ChoiceField(
        label=_("Verification"), choices=[("", ""), *Verification.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", ""), *SourceType.choices], required=False
    )


def filter_warnings(warnings, filters: dict, *, user=None):
    if filters.get("year"):
        warnings = warnings.filter(received_on__year=filters["year"])
    if filters.get("unit"):
        warnings = warnings.filter(unit_id=filters["unit"])
    if filters.get("verification"):
        warnings = warnings.filter(verification=filters["verification"])
    if filters.get("source"):
        warnings = warnings.filter(source_type=filters["source"])
    return warnings


class CaseFilterForm(forms.Form):
    """Open cases unless ``status`` is given (empty for every status), as on the page."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", ""), *CaseStatus.choices], required=False
    )
    step = forms.TypedChoiceField(
        label=_("Step"), choices=[("", ""), *Step.choices], coerce=int, required=False
    )
    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=MAX_ID, required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = CaseStatus.OPEN
        super().__init__(data, **kwargs)


def filter_cases(cases, filters: dict, *, user=None):
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("step") not in (None, ""):
        cases = cases.filter(step=filters["step"])
    if filters.get("unit"):
        cases = cases.filter(unit_id=filters["unit"])
    if filters.get("overdue"):
        cases = cases.overdue(timezone.now())
    return cases
