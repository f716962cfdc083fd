from django import forms
from django.utils.translation import gettext_lazy as _

from registry.documents.models import Document, DocumentKind
from registry.models import Person, Unit


class DocumentForm(forms.Form):
    """A new document: its kind, the unit (and person) concerned, and its text."""

    kind = forms.ModelChoiceField(
        DocumentKind.objects.filter(is_active=True), label=_("document kind"), empty_label=None
    )
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("unit concerned"))
    person = forms.ModelChoiceField(
        Person.objects.none(), label=_("person concerned"), required=False
    )
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the kind's name."),
    )
    addressee = forms.CharField(label=_("addressed to"), max_length=300, required=False)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = Person.objects.filter(unit__in=units, is_active=True)

    def clean(self):
        data = super().clean()
        person, unit = data.get("person"), data.get("unit")
        if person and unit and person.unit_id != unit.pk:
            self.add_error(
                "person",
                _("%(person)s does not belong to %(unit)s.") % {"person": person, "unit": unit},
            )
        return data


class DocumentTextForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "addressee", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
