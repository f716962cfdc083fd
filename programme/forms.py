import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.choices import LetterKind, RuleChangeKind
from programme.models import EducationKind, OpinionRequest, PreReport, Rule
from registry.models import Measure, Person, Post, RiskPoint

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LetterIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    due_on = forms.DateField(label=_("Due back on"), widget=DATE)
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts"),
        queryset=Post.objects.none(),
        required=False,
        help_text=_("Leave empty to give a commitment letter to everyone in the unit."),
    )

    def __init__(self, *args, unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = Post.objects.filter(unit=unit, is_active=True)
        today = datetime.date.today()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("issued_on", today)


class LetterAddForm(forms.Form):
    """People of the unit who have no letter in the batch yet (joined after it was issued)."""

    people = forms.ModelMultipleChoiceField(
        label=_("People to add"), queryset=Person.objects.none()
    )

    def __init__(self, *args, batch, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = (
            Person.objects.filter(unit=batch.unit, is_active=True)
            .exclude(letters__batch=batch)
            .order_by("name")
        )


class SignedScanForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    scan = forms.FileField(label=_("Signed scan"))


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=EducationKind.objects.filter(is_active=True)
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = Person.objects.filter(
            unit__path__startswith=unit.path, is_active=True
        ).order_by("unit__path", "name")


class RuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)
    made_on = forms.DateField(label=_("Made on"), widget=DATE)
    risk_points = forms.ModelMultipleChoiceField(
        label=_("Risk points it closes"), queryset=RiskPoint.objects.none(), required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures it puts in force"), queryset=Measure.objects.none(), required=False
    )

    def __init__(self, *args, unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        points = RiskPoint.objects.filter(unit=unit, revision_of__isnull=True)
        self.fields["risk_points"].queryset = points.order_by("-year", "name")
        self.fields["measures"].queryset = Measure.objects.filter(risk_point__in=points)


class RuleChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[(k.value, k.label) for k in RuleChangeKind if k != RuleChangeKind.NEW],
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PlanForm(forms.Form):
    task = forms.CharField(label=_("What to do"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Deadline"), widget=DATE)
    rule = forms.ModelChoiceField(label=_("Rule"), queryset=Rule.objects.none(), required=False)

    def __init__(self, *args, unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(
            unit__path__startswith=unit.path, is_active=True
        ).order_by("name")
        self.fields["rule"].queryset = Rule.objects.filter(unit=unit, in_force=True)


class PlanDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt number"), max_length=100)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


# --- h19docs: major-matter pre-reports ---


class PreReportForm(forms.ModelForm):
    class Meta:
        model = PreReport
        fields = ["unit", "kind", "subject", "amount", "meeting_date"]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ReminderCardForm(forms.Form):
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = PreReport
        fields = [
            "decided_on", "attendees", "votes_for", "votes_against", "abstentions",
            "leader_spoke_last", "discipline_present", "minutes",
        ]  # fmt: skip
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "leader_spoke_last": forms.NullBooleanSelect,
            "discipline_present": forms.NullBooleanSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("decided_on", "attendees", "leader_spoke_last", "discipline_present"):
            self.fields[name].required = True


class OpinionRequestForm(forms.ModelForm):
    class Meta:
        model = OpinionRequest
        fields = ["asked_by", "letter_ref", "purpose", "received_on", "people"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
