from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.decision import leading_group
from registry.empty_choice import ANY_CHOICE
from registry.levels import graded_levels
from registry.models import Measure, Person, Post, RiskCategory, RiskPoint
from registry.people import display_name
from registry.roles import FILL
from registry.scoping import scope_for, visible_departments, visible_posts, visible_units


class UnitBoundSelect(forms.Select):
    """A select whose options carry the unit (and department) they belong to,
    so the page can narrow department and post choices to the chosen unit."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-unit"] = instance.unit_id
            if getattr(instance, "department_id", None):
                option["attrs"]["data-department"] = instance.department_id
        return option


def searchable(placeholder) -> dict:
    """Attributes that give a long select a filter box (static/registry/workflow.js)."""
    return {"data-searchable": "", "data-search-placeholder": placeholder}


class RiskPointForm(forms.ModelForm):
    class Meta:
        model = RiskPoint
        fields = [
            "unit",
            "scope",
            "department",
            "post",
            "code",
            "name",
            "manifestation",
            "category",
            "level",
            "discovery_method",
            "responsible_person",
            "supervisor",
            "time_limit",
            "year",
            "remarks",
        ]
        widgets = {
            "department": UnitBoundSelect,
            "post": UnitBoundSelect(attrs=searchable(_("Type to find a post"))),
            "responsible_person": UnitBoundSelect(attrs=searchable(_("Type to find a person"))),
            "supervisor": UnitBoundSelect(attrs=searchable(_("Type to find a person"))),
            "manifestation": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = visible_units(user, FILL)
        self.fields["unit"].queryset = units
        self.fields["department"].queryset = visible_departments(user, FILL).select_related("unit")
        self.fields["post"].queryset = visible_posts(user, FILL).select_related("department")
        people = Person.objects.filter(unit__in=units, is_active=True)
        self.fields["responsible_person"].queryset = people
        self.fields["supervisor"].queryset = people
        self.fields["category"].queryset = RiskCategory.objects.filter(is_active=True)
        # A graded point's level follows its grading (or an override with a reason):
        # the ordinary form does not carry it, so it cannot be set here by hand.
        self.graded_level = graded_levels([self.instance.pk]).get(self.instance.pk)
        if self.graded_level is not None:
            del self.fields["level"]
        if not self.instance.pk:
            self._start_with("year", timezone.localdate().year)
            self.fields["code"].help_text = _(
                "Leave it empty and the point gets its unit's next ledger code."
            )
        held = scope_for(user).held_post_ids
        if len(held) == 1 and not self.instance.pk:
            # A post holder writes for their own post: start from it.
            post = Post.objects.get(pk=next(iter(held)))
            self._start_with("post", post.pk)
            self._start_with("department", post.department_id)
            self._start_with("unit", post.unit_id)
            self._start_with("scope", "post")

    def _start_with(self, name: str, value) -> None:
        # A new instance puts empty values into ``initial``; fill only those.
        if not self.initial.get(name):
            self.initial[name] = value

    def clean(self):
        cleaned = super().clean()
        post = cleaned.get("post")
        # A post fixes its department: fill it in rather than make the user repeat it.
        if post is not None and cleaned.get("scope") == "post" and not cleaned.get("department"):
            cleaned["department"] = post.department
            self.instance.department = post.department
        return cleaned


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["defence_line", "text", "responsible_person", "due_date", "status"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible_person": UnitBoundSelect(attrs=searchable(_("Type to find a person"))),
        }

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Most measures are preventive; an untouched extra row stays unchanged and is skipped.
        if not self.instance.pk:
            self.initial.setdefault("defence_line", "prevention")
        if people is not None:
            self.fields["responsible_person"].queryset = people


MeasureFormSet = inlineformset_factory(
    RiskPoint,
    Measure,
    form=MeasureForm,
    extra=1,
    can_delete=True,
    min_num=0,
)


def user_choice_label(user) -> str:
    name = display_name(user)
    return name if name == user.get_username() else f"{name} ({user.get_username()})"


class ChangeLogFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Object type"), required=False)
    user = forms.ModelChoiceField(label=_("Changed by"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, model_choices, users, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All types"))] + model_choices
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = user_choice_label
        self._offer_users_when_opened()
        self.fields["unit"].queryset = visible_units(user)
        lazy_unit_choices(self, visible_units(user))

    def _offer_users_when_opened(self) -> None:
        """The user select holds only the chosen user (added by ``clean``) and fetches
        the others when opened: finding who appears in any history table asks every
        table about every login, tens of milliseconds at a district's size."""
        field = self.fields["user"]
        field.widget.choices = [("", ANY_CHOICE)]
        field.widget.attrs["data-options-url"] = reverse("registry:change_log_users")

    def clean(self):
        cleaned = super().clean()
        if chosen := cleaned.get("user"):
            self.fields["user"].widget.choices.append((chosen.pk, user_choice_label(chosen)))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def _member_label(user) -> str:
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.username)


class TransitionForm(forms.Form):
    """One step on one point or a batch: the action, what the actor says, and the
    list version the page showed (so a stale page loses a race cleanly)."""

    RETURN = "return"
    RETURN_LABEL = _("Send back")

    action = forms.ChoiceField(label=_("Action"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    to_draft = forms.BooleanField(label=_("Send back to draft"), required=False)
    meeting_date = forms.DateField(
        label=_("Meeting date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes_ref = forms.CharField(label=_("Minutes reference"), required=False, max_length=100)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attending members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the leading group present at the meeting."),
    )
    notice_days = forms.IntegerField(
        label=_("Notice period (days)"),
        required=False,
        min_value=settings.NOTICE_DAYS_MINIMUM,
        max_value=90,
    )
    list_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, unit=None, **kwargs) -> None:
        from registry.workflow import TRANSITIONS

        super().__init__(*args, **kwargs)
        members = leading_group(unit) if unit else get_user_model().objects.none()
        self.fields["attendees"].queryset = members.select_related("person").order_by("username")
        self.fields["attendees"].label_from_instance = _member_label
        self.fields["action"].choices = [(t.name, t.label) for t in TRANSITIONS.values()] + [
            (self.RETURN, self.RETURN_LABEL)
        ]
        self.fields["notice_days"].initial = settings.NOTICE_DAYS_DEFAULT


def lazy_unit_choices(form, units, listed: int = 100) -> None:
    """Past ``listed`` units, the unit select holds only the chosen one and fetches
    the rest when opened (static/js/app.js, data-options-url): a district's
    thousand units made each page of options heavier than its content."""
    if len(units[: listed + 1]) <= listed:
        return
    field = form.fields["unit"]
    chosen = str(form.data.get("unit", "")) if form.is_bound else ""
    picked = units.filter(pk=chosen).first() if chosen.isdigit() else None
    field.widget.choices = [("", ANY_CHOICE)] + ([(picked.pk, str(picked))] if picked else [])
    field.widget.attrs["data-options-url"] = reverse("registry:unit_options")


MAX_ID = 2**31 - 1  # the largest primary key a filter may name (PostgreSQL's integer)


def usable_filters(form) -> dict:
    """A list page's bound filter form as filters: each valid value, a bad one left out
    (a page shows what it can; the API answers a bad value with a 400 naming it)."""
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
