"""Forms of the organisation pages. Choices are limited to what the administrator
manages; the services check it again (``registry.organisation``)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.codes import ledger_code_for
from registry.models import Department, Person, Post, RiskCategory, Unit
from registry.roles import MANAGE
from registry.scoping import visible_units


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "code",
            "kind",
            "parent",
            "sort_order",
            "is_active",
            "ledger_code_pattern",
        ]

    def clean_ledger_code_pattern(self) -> str:
        pattern = self.cleaned_data["ledger_code_pattern"].strip()
        if pattern:
            ledger_code_for(pattern, unit_code="X", year=2000, seq=1)  # a clear error if unusable
        return pattern

    def __init__(self, *args, manager, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        parents = visible_units(manager, MANAGE)
        unit = self.instance
        if unit.pk:
            # Not below itself; its present parent stays offered even when above the manager.
            parents = Unit.objects.filter(
                Q(pk__in=parents.exclude(path__startswith=unit.path)) | Q(pk=unit.parent_id)
            )
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = not manager.is_superuser


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "sort_order", "is_active"]


class _OfUnitForm(forms.ModelForm):
    """A post or a person: the department must be one of the unit's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            unit_id=self.instance.unit_id
        )


class PostForm(_OfUnitForm):
    class Meta:
        model = Post
        fields = ["department", "name", "duties", "is_key_post", "is_active"]


class PersonForm(_OfUnitForm):
    class Meta:
        model = Person
        fields = ["department", "name", "title", "employee_number", "is_active"]


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Notifications and password-reset links are sent here."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    send_reset = forms.BooleanField(label=_("Email a link to choose a password"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_reset") and not cleaned.get("email"):
            self.add_error("email", _("A password-reset link needs an email address."))
        return cleaned


class RotationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("New holder"), queryset=Person.objects.none())
    on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args, post: Post, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            unit_id=post.unit_id, is_active=True
        ).select_related("department")


class RiskCategoryForm(forms.ModelForm):
    class Meta:
        model = RiskCategory
        fields = ["name", "synonyms", "description", "sort_order", "is_active"]
