from django import forms
from django.utils.translation import gettext_lazy as _

from powers.access import writable_units
from powers.choices import CoverageGap, PowerStatus
from powers.models import DiscretionBand, FlowStep, PowerCategory, PowerItem, PowerPost
from registry.choices import RiskLevel, RiskPointStatus
from registry.models import Department, Post, RiskPoint
from registry.scoping import visible_units


class PowerFilterForm(forms.Form):
    """The power list's filters; the coverage report links here with the same names."""

    q = forms.CharField(label=_("Search"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    category = forms.ModelChoiceField(
        label=_("Power category"), queryset=PowerCategory.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *PowerStatus.choices], required=False
    )
    major = forms.ChoiceField(
        label=_("Major matter"),
        choices=[("", "—"), ("yes", _("Major matters")), ("no", _("General matters"))],
        required=False,
    )
    gap = forms.ChoiceField(
        label=_("Coverage"), choices=[("", "—"), *CoverageGap.choices], required=False
    )
    has = forms.ChoiceField(
        label=_("Has"),
        choices=[("", "—"), ("steps", _("A process flow")), ("risks", _("Risk points on steps"))],
        required=False,
    )
    level = forms.TypedChoiceField(
        label=_("Has a risk point of"),
        choices=[("", "—"), *RiskLevel.choices],
        coerce=int,
        required=False,
    )
    post = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data, *, user) -> None:
        super().__init__(data)
        self.fields["unit"].queryset = visible_units(user).order_by("path")


class PowerItemForm(forms.ModelForm):
    class Meta:
        model = PowerItem
        fields = [
            "unit",
            "code",
            "name",
            "category",
            "department",
            "is_major",
            "status",
            "time_limit_days",
            "contact_phone",
            "supervision_phone",
            "handling_body",
            "service_object",
            "content",
            "legal_basis",
            "remarks",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = writable_units(user).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["category"].queryset = PowerCategory.objects.filter(is_active=True)
        self.fields["department"].queryset = Department.objects.filter(
            unit__in=units, is_active=True
        ).select_related("unit")
        self.fields["department"].label_from_instance = lambda d: f"{d.unit.name} / {d.name}"


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = PowerPost
        fields = ["post", "role"]

    def __init__(self, *args, power: PowerItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.power = power
        self.fields["post"].queryset = _posts_of(power)


def _posts_of(power: PowerItem):
    posts = Post.objects.filter(unit_id=power.unit_id, is_active=True)
    return posts.select_related("department").order_by("department__sort_order", "name")


class StepForm(forms.ModelForm):
    risk_points = forms.ModelMultipleChoiceField(
        label=_("Risk points on this step"),
        queryset=RiskPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FlowStep
        fields = ["name", "post", "time_limit", "duty", "control", "complaint_channel"]
        widgets = {
            "duty": forms.Textarea(attrs={"rows": 2}),
            "control": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, power: PowerItem, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.power = power
        self.fields["post"].queryset = _posts_of(power)
        self.fields["post"].label_from_instance = _post_label
        offered = (
            RiskPoint.objects.visible_to(user)
            .filter(unit_id=power.unit_id, revision_of__isnull=True)
            .exclude(status=RiskPointStatus.RETIRED)
            .select_related("post")
            .order_by("level", "name")
        )
        self.fields["risk_points"].queryset = offered
        self.fields["risk_points"].label_from_instance = _point_label
        if self.instance.pk:
            self.initial["risk_points"] = list(
                self.instance.risk_links.values_list("risk_point_id", flat=True)
            )

    def chosen_points(self) -> list[RiskPoint]:
        """The ticked points, plus any on the step that this user cannot see (kept as they are)."""
        offered = set(self.fields["risk_points"].queryset.values_list("pk", flat=True))
        kept = []
        if self.instance.pk:
            kept = list(
                RiskPoint.objects.filter(power_step_links__step=self.instance).exclude(
                    pk__in=offered
                )
            )
        return [*self.cleaned_data["risk_points"], *kept]


def _post_label(post: Post) -> str:
    return f"{post.department.name} / {post.name}" if post.department_id else post.name


def _point_label(point: RiskPoint) -> str:
    where = point.post.name if point.post_id else point.get_scope_display()
    return f"[{point.get_level_display()}] {point.name} ({where})"


class BandForm(forms.ModelForm):
    class Meta:
        model = DiscretionBand
        fields = ["tier", "grade", "facts", "minimum", "maximum", "amount_unit", "measure"]
        widgets = {"facts": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, power: PowerItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.power = power
