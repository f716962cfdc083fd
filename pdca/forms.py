import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca import conf
from pdca.choices import ReviewDecision, Severity
from pdca.models import FindingSource
from pdca.sampling import Quarter
from pdca.selectors import overseen_units
from pdca.services.findings import external_finding_record
from pdca.services.planning import inspection_plan
from pdca.services.rectification import STEPS, rectification_advance
from powers.models import PowerItem
from registry.choices import RiskPointStatus
from registry.models import Post, RiskPoint


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


def _person_label(user) -> str:
    return user.get_full_name() or user.username


class InspectionPlanForm(forms.Form):
    """A special inspection or unannounced check of units the planner oversees."""

    source = forms.ModelChoiceField(label=_("Kind of inspection"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    posts = forms.ModelMultipleChoiceField(
        label=_("Only these posts"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    powers = forms.ModelMultipleChoiceField(
        label=_("Only these powers"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = overseen_units(user)
        self.fields["source"].queryset = FindingSource.objects.planned()
        self.fields["units"].queryset = units
        self.fields["posts"].queryset = Post.objects.filter(
            unit__in=units, is_active=True
        ).select_related("unit")
        self.fields["posts"].label_from_instance = lambda p: f"{p.unit.name} · {p.name}"
        self.fields["powers"].queryset = PowerItem.objects.filter(unit__in=units).select_related(
            "unit"
        )
        self.fields["powers"].label_from_instance = lambda p: f"{p.unit.name} · {p.name}"

    def plan(self, *, by) -> list:
        data = self.cleaned_data
        return inspection_plan(
            source=data["source"],
            title=data["title"],
            units=list(data["units"]),
            posts=list(data["posts"]),
            powers=list(data["powers"]),
            by=by,
        )


class ExternalFindingForm(forms.Form):
    """A finding of a patrol (巡察), an audit or a compliance review, for one unit, on one
    of its risk points if the report names one (the service also takes a measure)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    source = forms.ModelChoiceField(label=_("Origin"), queryset=None)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("E.g. the number of the audit report or the patrol feedback."),
    )
    found_on = forms.DateField(label=_("Found on"), widget=DateInput)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    risk_point = forms.ModelChoiceField(label=_("Risk point"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owner of the rectification"), queryset=None)
    deadline = forms.DateField(label=_("Rectify by"), widget=DateInput)

    def __init__(self, *args, user, **kwargs) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "found_on": today,
                "deadline": today + datetime.timedelta(days=conf.rectification_days()),
            },
        )
        super().__init__(*args, **kwargs)
        units = overseen_units(user)
        self.fields["unit"].queryset = units
        self.fields["source"].queryset = FindingSource.objects.recorded()
        points = RiskPoint.objects.filter(
            unit__in=units, status=RiskPointStatus.ACTIVE
        ).select_related("unit")
        self.fields["risk_point"].queryset = points
        self.fields["risk_point"].label_from_instance = lambda p: f"{p.unit.name} · {p.name}"
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(role_assignments__unit__in=units, is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["owner"].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        unit, owner = data.get("unit"), data.get("owner")
        if unit and owner and not owner_choices(unit).filter(pk=owner.pk).exists():
            self.add_error("owner", _("The owner must hold a role on the unit."))
        return data

    def record(self, *, by):
        return external_finding_record(by=by, **self.cleaned_data)
