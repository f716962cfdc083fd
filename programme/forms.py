import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.choices import LetterKind
from programme.models import EducationKind
from registry.models import Person, Post

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
