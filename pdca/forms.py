import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca import conf
from pdca.choices import ReviewDecision, Severity
from pdca.sampling import Quarter
from pdca.services.rectification import STEPS, rectification_advance


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the list is checked by ``pdca.evidence``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DateInput(forms.DateInput):
    """The browser's date picker; it reads and writes ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d") -> None:
        super().__init__(attrs, format=format)


class CycleCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class DrawForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=6, help_text=_("e.g. 2026Q1"))

    def clean_quarter(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class EvidenceForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Checklist item"), queryset=None)
    files = MultipleFileField(label=_("Evidence files"), required=True)

    def __init__(self, *args, inspection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = inspection.items.all()


def owner_choices(unit):
    """People holding a role on the unit itself: its leaders, department heads, staff."""
    return (
        get_user_model()
        .objects.filter(role_assignments__unit=unit, is_active=True)
        .distinct()
        .order_by("username")
    )


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    checklist_item = forms.ModelChoiceField(
        label=_("Checklist item"), queryset=None, required=False
    )
    owner = forms.ModelChoiceField(label=_("Owner of the rectification"), queryset=None)
    deadline = forms.DateField(label=_("Rectify by"), widget=DateInput)

    def __init__(self, *args, inspection, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {"deadline": timezone.localdate() + datetime.timedelta(days=conf.rectification_days())},
        )
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].queryset = inspection.items.all()
        self.fields["owner"].queryset = owner_choices(inspection.unit)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[(s.name, s.label) for s in STEPS.values()])
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput, required=False)
    files = MultipleFileField(label=_("Evidence files"))

    def advance(self, item, *, by) -> None:
        """Take the valid form's step on ``item`` (the rectification page and the API)."""
        data = self.cleaned_data
        rectification_advance(
            item=item,
            step_name=data["step"],
            by=by,
            comment=data["comment"],
            uploads=data["files"],
            new_deadline=data["new_deadline"],
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in ReviewDecision.choices if c[0] != ReviewDecision.PENDING],
    )


class UnitDeadlineForm(forms.Form):
    deadline = forms.ModelChoiceField(label=_("Deadline"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    due_on = forms.DateField(label=_("Due"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, cycle, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].queryset = cycle.deadlines.all()
        self.fields["unit"].queryset = units
