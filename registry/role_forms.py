"""Forms of the role screen: granting a role on a unit, and filtering the assignments."""

from itertools import groupby

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from guardian.conf import settings as guardian_settings

from registry.choices import Role
from registry.models import Department, RoleAssignment, Unit
from registry.roles import MANAGE
from registry.scoping import visible_units


def user_label(user) -> str:
    """The login name, and the person's name when the login belongs to one."""
    person = getattr(user, "person", None)
    return f"{user.username} · {person.name}" if person else user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class _DepartmentsByUnit(ModelChoiceIterator):
    """Options grouped under their unit: department names repeat across units
    (every bureau has an office), so a flat list would be ambiguous."""

    def __iter__(self):
        for unit, departments in groupby(self.queryset, key=lambda d: d.unit):
            yield str(unit), [self.choice(d) for d in departments]


class DepartmentsField(forms.ModelMultipleChoiceField):
    iterator = _DepartmentsByUnit


class RoleGrantForm(forms.Form):
    """Who gets which role where. Only units the manager manages are offered;
    the rules on departments live on ``RoleAssignment`` and come back from
    ``role_grant`` as errors on the ``departments`` field."""

    user = UserChoiceField(label=_("User"), queryset=None)
    # No role preselected: granting the first one in the list by accident is too easy.
    role = forms.ChoiceField(label=_("Role"), choices=BLANK_CHOICE_DASH + Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    departments = DepartmentsField(
        label=_("Departments"),
        queryset=None,
        required=False,
        help_text=_("Only for leaders in charge and department heads: departments of the unit."),
    )

    def __init__(self, *args, manager, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = visible_units(manager, MANAGE)
        users = get_user_model().objects.filter(is_active=True).select_related("person")
        # guardian's stand-in for anonymous visitors is a row in the user table, not a person.
        users = users.exclude(username=guardian_settings.ANONYMOUS_USER_NAME)
        self.fields["user"].queryset = users.order_by("username")
        self.fields["unit"].queryset = units
        self.fields["departments"].queryset = (
            Department.objects.filter(unit__in=units, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "sort_order", "name")
        )

    def clean(self):
        cleaned = super().clean()
        user, role, unit = cleaned.get("user"), cleaned.get("role"), cleaned.get("unit")
        # The model's unique constraint would say so too, but only as a page-level
        # error in generic words; name the field and the people instead.
        if user and role and unit:
            if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
                self.add_duplicate_error()
        return cleaned

    def add_duplicate_error(self) -> None:
        cleaned = self.cleaned_data
        self.add_error(
            "role",
            _("%(user)s already holds the role “%(role)s” on %(unit)s.")
            % {
                "user": user_label(cleaned["user"]),
                "role": Role(cleaned["role"]).label,
                "unit": cleaned["unit"],
            },
        )


class RoleAssignmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("User"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method="in_unit_subtree"
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)

    class Meta:
        model = RoleAssignment
        fields = ["q", "unit", "role"]

    def __init__(self, data=None, queryset=None, *, manager, **kwargs) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["unit"].queryset = visible_units(manager, MANAGE)

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(user__username__icontains=word)
                | Q(user__person__name__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
            )
        return queryset

    def in_unit_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
