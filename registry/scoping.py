"""What a user may see: the one place that decides it.

Every view, export and task fetches through ``visible_to(user)`` on the
querysets, which call into here. A role held on a unit covers its subtree;
department roles narrow to their departments; post holders see their posts.
"""

from functools import cached_property

from django.db.models import Q, QuerySet

from registry.choices import Role
from registry.models.organisation import Department, Unit
from registry.models.roles import DEPARTMENT_ROLES

SUBTREE_ROLES = {
    Role.INSPECTOR,
    Role.UNIT_LEADER,
    Role.LEADING_GROUP,
    Role.ADMIN,
    Role.AUDITOR,
}
# Who writes the register directly: admins anywhere in their subtree, department
# heads in their departments, post holders on their own posts.
EDIT_SUBTREE_ROLES = {Role.ADMIN}


class UserScope:
    """A user's reach, computed once per request and cached on the user."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def assignments(self) -> list:
        if not self.user.is_authenticated:
            return []
        return list(
            self.user.role_assignments.select_related("unit").prefetch_related("departments")
        )

    @cached_property
    def roles(self) -> set[str]:
        return {a.role for a in self.assignments}

    @property
    def sees_everything(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    def subtree_paths(self, roles=SUBTREE_ROLES) -> set[str]:
        return {a.unit.path for a in self.assignments if a.role in roles}

    @cached_property
    def department_ids(self) -> set[int]:
        return {
            d.pk
            for a in self.assignments
            if a.role in DEPARTMENT_ROLES
            for d in a.departments.all()
        }

    @cached_property
    def headed_department_ids(self) -> set[int]:
        return {
            d.pk
            for a in self.assignments
            if a.role == Role.DEPARTMENT_HEAD
            for d in a.departments.all()
        }

    @cached_property
    def post_ids(self) -> set[int]:
        person = getattr(self.user, "person", None) if self.user.is_authenticated else None
        if person is None or Role.POST_HOLDER not in self.roles:
            return set()
        return set(person.tenures.current().values_list("post_id", flat=True))

    def unit_condition(self, prefix: str = "", roles=SUBTREE_ROLES) -> Q:
        """Units (reached through ``prefix``) inside a subtree the user holds."""
        condition = Q(pk__in=[])
        for path in self.subtree_paths(roles):
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def editable_condition(self) -> Q:
        condition = self.unit_condition("unit__", EDIT_SUBTREE_ROLES)
        if self.headed_department_ids:
            condition |= Q(department_id__in=self.headed_department_ids)
        if self.post_ids:
            condition |= Q(post_id__in=self.post_ids)
        return condition

    def risk_point_condition(self) -> Q:
        condition = self.unit_condition("unit__")
        if self.department_ids:
            condition |= Q(department_id__in=self.department_ids)
        if self.post_ids:
            condition |= Q(post_id__in=self.post_ids)
        return condition

    def unit_ids_reached(self) -> Q:
        """Units the user can see at all, including the units of their departments."""
        condition = self.unit_condition()
        if self.department_ids:
            condition |= Q(departments__in=self.department_ids)
        if self.post_ids:
            condition |= Q(posts__in=self.post_ids)
        return condition


def scope_for(user) -> UserScope:
    scope = getattr(user, "_register_scope", None)
    if scope is None:
        scope = UserScope(user)
        if user.is_authenticated:
            user._register_scope = scope
    return scope


def visible_risk_points(queryset: QuerySet, user) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    return queryset.filter(scope.risk_point_condition())


def editable_risk_points(queryset: QuerySet, user) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    return queryset.filter(scope.editable_condition())


def can_write_register(user) -> bool:
    """Whether the user may write any risk point at all (shows the buttons)."""
    scope = scope_for(user)
    return scope.sees_everything or bool(
        scope.subtree_paths(EDIT_SUBTREE_ROLES) or scope.headed_department_ids or scope.post_ids
    )


def visible_units(user) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return Unit.objects.all()
    return Unit.objects.filter(scope.unit_ids_reached()).distinct()


def visible_departments(user) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return Department.objects.all()
    condition = scope.unit_condition("unit__") | Q(pk__in=scope.department_ids)
    if scope.post_ids:
        condition |= Q(posts__in=scope.post_ids)
    return Department.objects.filter(condition).distinct()


def can_read_history(user) -> bool:
    scope = scope_for(user)
    return scope.sees_everything or bool(scope.roles & {Role.AUDITOR, Role.INSPECTOR, Role.ADMIN})
