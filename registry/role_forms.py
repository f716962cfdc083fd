"""Forms of the role screen: granting a role on a unit, and filtering the assignments."""

from itertools import groupby

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from registry import role_policy
from registry.choices import Role
from registry.models import Department, RoleAssignment, Unit

# The search lists at most this many people; a longer name narrows it.
FOUND_LIMIT = 30


def user_label(user) -> str:
    """The login name, and the person's name when the login belongs to one."""
    person = getattr(user, "person", None)
    return f"{user.username} · {person.name}" if person else user.username


def matching_users(queryset: QuerySet, text: str, prefix: str = "") -> QuerySet:
    """Rows whose user (reached through ``prefix``) matches every word of ``text``
    in the login, the person's name or the first or last name."""
    for word in text.split():
        condition = Q()
        for field in ("username", "person__name", "first_name", "last_name"):
            condition |= Q(**{f"{prefix}{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class _OfferedUsers(ModelChoiceIterator):
    """Only the users found by the search are rendered; the field still accepts
    anyone in its queryset (everyone the granter may reach)."""

    def __iter__(self):
        # Read when rendered: the form sets ``offered`` after the queryset.
        self.queryset = self.field.offered if self.field.offered is not None else self.queryset
        return super().__iter__()

    def __len__(self) -> int:
        return len(list(iter(self)))


class UserChoiceField(forms.ModelChoiceField):
    iterator = _OfferedUsers
    offered = None

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
    """Who gets which role where. Only what ``registry.role_policy`` lets the
    manager grant is offered: the roles, the units, and the users found by a
    search among the people the manager reaches (never a list of every login).
    The rules on departments live on ``RoleAssignment`` and come back from
    ``role_grant`` as errors on the ``departments`` field."""

    user = UserChoiceField(
        label=_("User"),
        queryset=None,
        help_text=_("Search by login or name above to list the people you may grant roles to."),
    )
    # No role preselected: granting the first one in the list by accident is too easy.
    role = forms.ChoiceField(label=_("Role"), choices=BLANK_CHOICE_DASH + Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    departments = DepartmentsField(
        label=_("Departments"),
        queryset=None,
        required=False,
        help_text=_("Only for leaders in charge and department heads: departments of the unit."),
    )

    def __init__(self, *args, manager, find: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = role_policy.grant_units(manager)
        users = role_policy.users_in_reach(manager).select_related("person").order_by("username")
        self.fields["user"].queryset = users
        chosen = Q(pk=self.data.get(self.add_prefix("user"))) if self._chosen_user() else Q()
        found = matching_users(users, find) if find.strip() else users.none()
        self.fields["user"].offered = users.filter(
            Q(pk__in=found.values("pk")[:FOUND_LIMIT]) | chosen
        )
        self.fields["role"].choices = BLANK_CHOICE_DASH + [
            (role, Role(role).label) for role in role_policy.grantable_roles(manager)
        ]
        self.fields["unit"].queryset = units
        self.fields["departments"].queryset = (
            Department.objects.filter(unit__in=units, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "sort_order", "name")
        )

    def _chosen_user(self) -> bool:
        return self.is_bound and str(self.data.get(self.add_prefix("user"), "")).isdigit()

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
        self.filters["unit"].queryset = role_policy.grant_units(manager)

    def search(self, queryset, name, value):
        return matching_users(queryset, value, prefix="user__")

    def in_unit_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
