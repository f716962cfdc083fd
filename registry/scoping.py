"""What a user may see and do: the one place that decides it.

Every view, export, API and task fetches through ``visible_to(user, action)``
on the querysets, which call into here. Permissions are django-guardian object
permissions on units (covering the unit's whole subtree) and on departments;
post holders reach the posts they currently hold. Superusers reach everything.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission

from registry.models.organisation import Department, Post, Unit
from registry.roles import FILL, HISTORY, INSPECT, MANAGE, POST_HOLDER_ACTIONS, VIEW


class UserScope:
    """A user's reach, computed once per request (three queries) and cached on the user."""

    def __init__(self, user) -> None:
        self.user = user

    @property
    def sees_everything(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    @cached_property
    def _grants(self) -> dict[tuple[str, str], set[int]]:
        """{(model name, codename): object ids} of the user's object permissions."""
        if not self.user.is_authenticated:
            return {}
        types = ContentType.objects.get_for_models(Unit, Department)
        names = {ct.pk: model._meta.model_name for model, ct in types.items()}
        rows = UserObjectPermission.objects.filter(
            user_id=self.user.pk, content_type_id__in=names
        ).values_list("content_type_id", "permission__codename", "object_pk")
        grants: dict[tuple[str, str], set[int]] = {}
        for type_id, codename, object_pk in rows:
            grants.setdefault((names[type_id], codename), set()).add(int(object_pk))
        return grants

    @cached_property
    def _paths(self) -> dict[int, str]:
        ids = {pk for (model, _), pks in self._grants.items() if model == "unit" for pk in pks}
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}

    def unit_paths(self, action: str) -> set[str]:
        return {
            self._paths[pk] for pk in self._grants.get(("unit", action), ()) if pk in self._paths
        }

    def department_ids(self, action: str) -> set[int]:
        return set(self._grants.get(("department", action), ()))

    @cached_property
    def held_post_ids(self) -> set[int]:
        from registry.models.organisation import PostTenure

        if not self.user.is_authenticated:
            return set()
        tenures = PostTenure.objects.current().filter(person__user_id=self.user.pk)
        return set(tenures.values_list("post_id", flat=True))

    def post_ids(self, action: str) -> set[int]:
        return self.held_post_ids if action in POST_HOLDER_ACTIONS else set()

    # Discipline-inspection staff (纪检监察人员): the one definition every app asks.
    # A unit's discipline staff hold INSPECT on it or on a unit above it, and only
    # the inspector role grants INSPECT: a unit's own leaders hold RETURN and
    # APPROVE there, but they are the ones watched, not the watchers.

    @property
    def discipline_paths(self) -> set[str]:
        """Subtrees where the user is discipline-inspection staff."""
        return self.unit_paths(INSPECT)

    def is_discipline_staff(self, unit: Unit | None = None) -> bool:
        """Discipline staff of ``unit``, or of any unit when ``unit`` is None."""
        if self.sees_everything:
            return True
        if unit is None:
            return bool(self.discipline_paths)
        return any(unit.path.startswith(path) for path in self.discipline_paths)

    def discipline_condition(self, prefix: str = "") -> Q:
        """Units (reached through ``prefix``) whose discipline staff the user is."""
        if self.sees_everything:
            return Q()
        return paths_condition(self.discipline_paths, prefix)

    @cached_property
    def manages_a_root(self) -> bool:
        """Holds MANAGE on a district or company itself (a unit without a parent)."""
        roots = self.unit_paths(MANAGE)
        return any(path.count("/") == 2 for path in roots)

    @cached_property
    def administers_discipline_commission(self) -> bool:
        """Holds MANAGE on a unit marked as the discipline commission (not merely above it)."""
        managed = self._grants.get(("unit", MANAGE), set())
        return (
            bool(managed)
            and Unit.objects.filter(pk__in=managed, is_discipline_commission=True).exists()
        )

    def unit_condition(self, action: str = VIEW, prefix: str = "") -> Q:
        """Units (reached through ``prefix``) in a subtree where the user holds ``action``."""
        return paths_condition(self.unit_paths(action), prefix)

    def risk_point_condition(self, action: str = VIEW) -> Q:
        condition = self.unit_condition(action, "unit__")
        if departments := self.department_ids(action):
            condition |= Q(department_id__in=departments)
        if posts := self.post_ids(action):
            condition |= Q(post_id__in=posts)
        return condition

    def allows(self, action: str, point) -> bool:
        """``risk_point_condition`` evaluated on one loaded point, without a query."""
        return (
            self.sees_everything
            or self.covers_unit(point.unit, action)
            or point.department_id in self.department_ids(action)
            or point.post_id in self.post_ids(action)
        )

    def covers_unit(self, unit: Unit, action: str) -> bool:
        return self.sees_everything or any(unit.path.startswith(p) for p in self.unit_paths(action))

    def reaches_anything(self, action: str) -> bool:
        return self.sees_everything or bool(
            self.unit_paths(action) or self.department_ids(action) or self.post_ids(action)
        )

    # --- What the screens offer -------------------------------------------------
    # Navigation items, links, buttons and batch actions are shown only when one
    # of these says so, so a user is never offered a page that answers 403 or 404.
    # Templates read them (as ``user_scope`` from the context processor) and
    # never decide on roles themselves.

    @property
    def reads_whole_units(self) -> bool:
        """Reads some unit's register as a whole (a VIEW grant on a unit, not only on
        departments or posts): what unit-wide pages such as the warnings require."""
        return self.sees_everything or bool(self.unit_paths(VIEW))

    @property
    def reads_history(self) -> bool:
        return self.reaches_anything(HISTORY)

    @property
    def manages_units(self) -> bool:
        return self.reaches_anything(MANAGE)

    @property
    def uses_admin_site(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_staff and self.user.is_active)

    def opens_point(self, point) -> bool:
        """A link to this risk point's page would open (it is in the user's view)."""
        return self.allows(VIEW, point)

    # --- h19docs: official documents follow the scope of their subject ----------

    def document_condition(self, prefix: str = "") -> Q:
        """Documents readable by the user: those about a unit whose register they read as
        a whole, unless the kind is confidential; every one their discipline staff issue."""
        if self.sees_everything:
            return Q()
        readers = self.unit_condition(VIEW, f"{prefix}unit__") & Q(
            **{f"{prefix}kind__confidential": False}
        )
        return readers | self.discipline_condition(f"{prefix}unit__")

    @property
    def reads_documents(self) -> bool:
        return self.reads_whole_units or self.is_discipline_staff()

    @property
    def issues_documents(self) -> bool:
        return self.is_discipline_staff()


def paths_condition(paths, prefix: str = "") -> Q:
    """Units (reached through ``prefix``) inside any of the given subtrees."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def scope_for(user) -> UserScope:
    return kept_on_user(user, "_register_scope", UserScope)


def kept_on_user(user, name: str, make):
    """``make(user)``, made once per request: kept on the request's user object
    (a signed-in one; anonymous users are one shared object)."""
    kept = getattr(user, name, None)
    if kept is None:
        kept = make(user)
        if user.is_authenticated:
            setattr(user, name, kept)
    return kept


def forget_scope(user) -> None:
    """After a grant or revoke, so the next check reads the new permissions."""
    user.__dict__.pop("_register_scope", None)


def restrict_risk_points(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    return queryset.filter(scope.risk_point_condition(action))


def visible_units(user, action: str = VIEW) -> QuerySet:
    """Units the user reaches for ``action``, including those of their departments and posts."""
    scope = scope_for(user)
    if scope.sees_everything:
        return Unit.objects.all()
    condition = scope.unit_condition(action)
    if departments := scope.department_ids(action):
        condition |= Q(pk__in=Department.objects.filter(pk__in=departments).values("unit_id"))
    if posts := scope.post_ids(action):
        condition |= Q(pk__in=Post.objects.filter(pk__in=posts).values("unit_id"))
    return Unit.objects.filter(condition)


def visible_departments(user, action: str = VIEW) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return Department.objects.all()
    condition = scope.unit_condition(action, "unit__") | Q(pk__in=scope.department_ids(action))
    if posts := scope.post_ids(action):
        condition |= Q(pk__in=Post.objects.filter(pk__in=posts).values("department_id"))
    return Department.objects.filter(condition)


def visible_posts(user, action: str = VIEW) -> QuerySet:
    scope = scope_for(user)
    if scope.sees_everything:
        return Post.objects.all()
    condition = scope.unit_condition(action, "unit__")
    if departments := scope.department_ids(action):
        condition |= Q(department_id__in=departments)
    if posts := scope.post_ids(action):
        condition |= Q(pk__in=posts)
    return Post.objects.filter(condition)


def is_discipline_staff(user, unit: Unit | None = None) -> bool:
    """Discipline-inspection staff of ``unit`` (or of any unit when None)."""
    return scope_for(user).is_discipline_staff(unit)


def restrict_to_discipline(queryset: QuerySet, user, prefix: str = "unit__") -> QuerySet:
    """Rows (reaching their unit through ``prefix``) of units whose discipline staff the user is."""
    return queryset.filter(scope_for(user).discipline_condition(prefix))


def discipline_staff_for(unit: Unit) -> QuerySet:
    """The active logins who are discipline staff of ``unit`` (to notify them)."""
    return users_with(INSPECT, unit=unit)


def discipline_staff_by_unit(units) -> dict[int, set]:
    """``discipline_staff_for`` of many units in two queries: {unit id: active users}."""
    from django.contrib.auth import get_user_model

    ancestors = {u.pk: [p for p in u.path.strip("/").split("/") if p] for u in units}
    grants = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit),
        permission__codename=INSPECT,
        object_pk__in={a for ids in ancestors.values() for a in ids},
        user__is_active=True,
    ).values_list("object_pk", "user_id")
    holders: dict[str, set[int]] = {}
    for object_pk, user_id in grants:
        holders.setdefault(object_pk, set()).add(user_id)
    wanted = {user_id for ids in holders.values() for user_id in ids}
    users = get_user_model().objects.in_bulk(wanted) if wanted else {}
    return {
        unit_id: {users[u] for a in ids for u in holders.get(a, ())}
        for unit_id, ids in ancestors.items()
    }


def discipline_staff_within(unit: Unit) -> list[tuple[str, int]]:
    """(unit path, user id) of every active discipline-staff grant inside ``unit``'s subtree."""
    units = Unit.objects.filter(path__startswith=unit.path)
    grants = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit),
        permission__codename=INSPECT,
        object_pk__in=units.annotate(key=Cast("pk", CharField())).values("key"),
        user__is_active=True,
    ).values_list("object_pk", "user_id")
    pairs = list(grants)
    path_of = dict(units.filter(pk__in={int(pk) for pk, _ in pairs}).values_list("pk", "path"))
    return sorted((path_of[int(pk)], user_id) for pk, user_id in pairs)


def can_read_history(user) -> bool:
    return scope_for(user).reaches_anything(HISTORY)


def can_write_register(user) -> bool:
    return scope_for(user).reaches_anything(FILL)


def can_manage(user) -> bool:
    return scope_for(user).reaches_anything(MANAGE)


def users_with(
    action: str, *, unit: Unit, department_id: int | None = None, post_id: int | None = None
):
    """Everyone who may take ``action`` on points of this unit, department or post:
    holders on the unit or an ancestor, on the department, and the post's holders."""
    from django.contrib.auth import get_user_model

    from registry.models.organisation import PostTenure

    unit_ids = [part for part in unit.path.strip("/").split("/") if part]
    types = ContentType.objects.get_for_models(Unit, Department)
    grants = Q(content_type=types[Unit], object_pk__in=unit_ids)
    if department_id:
        grants |= Q(content_type=types[Department], object_pk=str(department_id))
    holders = UserObjectPermission.objects.filter(grants, permission__codename=action)
    condition = Q(pk__in=holders.values("user_id"))
    if post_id and action in POST_HOLDER_ACTIONS:
        tenures = PostTenure.objects.current().filter(post_id=post_id)
        condition |= Q(pk__in=tenures.values("person__user_id"))
    return get_user_model().objects.filter(condition, is_active=True)
