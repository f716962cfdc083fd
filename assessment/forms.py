from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.choices import Axis, Rating, RespondentKind
from assessment.models import IntegrityAdjustment, VetoRule
from registry.choices import RiskLevel
from registry.uploads import UploadValidator


class GradingForm(forms.Form):
    """One radio group per factor of the model, named by the factor's code."""

    def __init__(self, *args, factors, chosen: set[int] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.axes = {Axis.LIKELIHOOD: [], Axis.HARM: []}
        for factor in factors:
            options = factor.options.all()
            initial = next((o.pk for o in options if o.pk in chosen), None)
            self.fields[factor.code] = forms.TypedChoiceField(
                label=factor.name,
                help_text=factor.help_text,
                choices=[(o.pk, f"{o.label}（{o.score}）") for o in options],
                coerce=int,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": _("Choose an answer for this factor.")},
            )
            self.axes[factor.axis].append(self[factor.code])

    def option_ids(self) -> list[int]:
        return list(self.cleaned_data.values())


class OverrideForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", _("Back to the computed level"))] + list(RiskLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the override.")},
    )


class RegradeForm(forms.Form):
    year = forms.IntegerField(
        label=_("Also move this year's gradings under review onto this version"),
        required=False,
        min_value=2000,
        max_value=2100,
    )


class AppraisalOpenForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    democratic_weight = forms.IntegerField(
        label=_("Weight of the democratic appraisal (%)"), min_value=0, max_value=100, initial=30
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class SelfReportForm(forms.Form):
    self_report = forms.CharField(
        label=_("Self-examination report"), widget=forms.Textarea(attrs={"rows": 12})
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, validators=[UploadValidator("appraisal")]
    )


class LinksForm(forms.Form):
    kind = forms.ChoiceField(label=_("Respondents"), choices=RespondentKind.choices)
    count = forms.IntegerField(label=_("Number of links"), min_value=1, max_value=500, initial=20)


class ChecklistForm(forms.Form):
    def __init__(self, *args, items, scores: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = []
        for item in items:
            current = scores.get(item.pk)
            score = forms.DecimalField(
                label=item.name,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=current.score if current else None,
                help_text=item.description,
            )
            note = forms.CharField(
                label=_("Finding"), required=False, initial=current.note if current else ""
            )
            self.fields[f"score_{item.pk}"], self.fields[f"note_{item.pk}"] = score, note
            self.items.append((item, self[f"score_{item.pk}"], self[f"note_{item.pk}"]))

    def scores(self) -> dict:
        return {
            item.pk: (self.cleaned_data[f"score_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item, _s, _n in self.items
        }


class PublishForm(forms.Form):
    deadline = forms.DateField(
        label=_("Rectification deadline (if unqualified)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    notice_text = forms.CharField(
        label=_("What to rectify (if unqualified)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SurveyForm(forms.Form):
    def __init__(self, *args, questions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Rate this question.")},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comments and suggestions (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def ratings(self) -> dict[int, int]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if k.startswith("q")}


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = IntegrityAdjustment
        fields = ["year", "points", "reason"]


class VetoForm(forms.Form):
    rule = forms.ModelChoiceField(label=_("Veto item"), queryset=VetoRule.objects.none())
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Evidence (optional)"), required=False, validators=[UploadValidator("appraisal")]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = VetoRule.objects.filter(is_active=True)


class VetoWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2})
    )
