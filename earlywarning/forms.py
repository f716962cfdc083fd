import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from earlywarning import access
from earlywarning.choices import NoticeKind, SourceType, Step, Verification
from earlywarning.models import DeductionRule, DisposalCase, Notice, WarningInfo
from earlywarning.services.disposal import STEP_FIELDS
from registry.empty_choice import blank_choice
from registry.forms import UnitBoundSelect
from registry.models import Person, RiskPoint
from registry.uploads import UploadValidator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WarningForm(forms.ModelForm):
    risk_point_code = forms.CharField(
        label=_("Risk point code"),
        required=False,
        max_length=50,
        help_text=_("Optional: the code of the unit's risk point the information concerns."),
    )

    class Meta:
        model = WarningInfo
        fields = [
            "unit",
            "person",
            "source_type",
            "received_on",
            "summary",
            "facts",
            "complainant_name",
            "complainant_contact",
            "complainant_note",
        ]
        widgets = {
            "person": UnitBoundSelect,
            "received_on": DATE,
            "facts": forms.Textarea(attrs={"rows": 4}),
            "complainant_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = access.handled_units(user)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = Person.objects.filter(unit__in=units, is_active=True)
        # Overdue rectification arrives from the PDCA cycle, not by hand.
        self.fields["source_type"].choices = blank_choice() + [
            c for c in SourceType.choices if c[0] != SourceType.OVERDUE_RECTIFICATION
        ]

    def clean(self):
        cleaned = super().clean()
        code, unit = cleaned.get("risk_point_code", "").strip(), cleaned.get("unit")
        if code and unit:
            point = RiskPoint.objects.filter(unit=unit, code=code).first()
            if point is None:
                self.add_error(
                    "risk_point_code",
                    _("%(unit)s has no risk point with the code %(code)s.")
                    % {"unit": unit, "code": code},
                )
            self.instance.risk_point = point
        return cleaned


class VerifyForm(forms.Form):
    verification = forms.ChoiceField(
        label=_("Finding"),
        choices=[(Verification.VERIFIED, _("Verified")), (Verification.UNFOUNDED, _("Unfounded"))],
        widget=forms.RadioSelect,
    )
    verification_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
    rule = forms.ModelChoiceField(
        label=_("Deduction rule"),
        queryset=DeductionRule.objects.filter(is_active=True),
        required=False,
        help_text=_("Leave empty to use the rule for the information's source."),
    )
    is_major = forms.BooleanField(label=_("Major case"), required=False)


class CaseRecordForm(forms.ModelForm):
    rectification_deadline = forms.DateField(
        label=_("Rectification deadline"), required=False, widget=DATE
    )

    class Meta:
        model = DisposalCase
        fields = ["inquiry_answer", "interview_at", "interview_minutes", "decision", "responsible"]
        widgets = {
            "interview_at": DATETIME,
            "inquiry_answer": forms.Textarea(attrs={"rows": 3}),
            "interview_minutes": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
            "responsible": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = STEP_FIELDS[Step(self.instance.step)]
        for name in list(self.fields):
            if name not in allowed and name != "rectification_deadline":
                del self.fields[name]
        if self.instance.step != Step.INTERVIEW:
            del self.fields["rectification_deadline"]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "rectification_deadline"}


class CaseMoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Change"),
        choices=[("up", _("Escalate one step")), ("down", _("Step down one step"))],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseCloseForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows the problem was resolved, e.g. the re-tendering documents."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, validators=[UploadValidator("case_evidence")]
    )


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["kind", "issued_to", "facts", "required_action", "deadline"]
        widgets = {
            "kind": forms.HiddenInput,
            "deadline": DATE,
            "facts": forms.Textarea(attrs={"rows": 5}),
            "required_action": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= datetime.date.today():
            raise forms.ValidationError(_("The deadline must be after today."))
        return deadline


class OfficerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)
    report_day = forms.IntegerField(
        label=_("Monthly report due by day"), min_value=1, max_value=31, initial=28
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = access.handled_units(user)
        self.fields["person"].queryset = Person.objects.filter(
            unit__in=units, is_active=True
        ).select_related("unit")
        self.fields["person"].label_from_instance = lambda p: f"{p.unit} · {p.name}"


class ReportForm(forms.Form):
    period = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    content = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 5}))
    issues = forms.CharField(
        label=_("Problems to verify"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each problem written here becomes warning information for verification."),
    )


NOTICE_KINDS = {kind.value: kind for kind in NoticeKind}
