"""Resolving who monitors each risk point from the organisation and roles.

By level (分级管理, 分级负责):
- level 1: the unit's main leader (Role.UNIT_LEADER on the point's unit) and
  the discipline-inspection team (Role.INSPECTOR on the nearest unit at or
  above it that has one);
- level 2: the leader in charge (Role.LEADER_IN_CHARGE naming the point's department);
- level 3: the department head (Role.DEPARTMENT_HEAD naming the point's department).
A point without a department (the leadership team's) is the main leader's at
any level. A monitor must be an active login whose person, if linked, is
active and (when they have tenures at all) holds a post today: someone who
left their posts is a vacancy. A role nobody fills gives a vacancy row
(``user`` empty), which the problems page lists.

``monitors_resolve`` rewrites the rows of the given points in a fixed number
of queries per chunk; ``assessment.receivers`` calls it when levels, roles,
people or tenures change, and a nightly task re-resolves everything.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from assessment.choices import MonitorBasis
from assessment.models import MonitorAssignment
from registry.choices import RiskPointStatus, Role
from registry.ledger import bulk
from registry.models import PostTenure, RiskPoint, RoleAssignment

CHUNK = 2000
ROLES = [Role.UNIT_LEADER, Role.INSPECTOR, Role.LEADER_IN_CHARGE, Role.DEPARTMENT_HEAD]
DEPARTMENT_BASIS = {2: MonitorBasis.LEADER_IN_CHARGE, 3: MonitorBasis.DEPARTMENT_HEAD}


@dataclass
class RoleMap:
    """Role holders keyed the way resolution looks them up."""

    unit_leaders: dict[int, set[int]]  # unit id → user ids
    inspectors: dict[int, set[int]]
    by_department: dict[tuple[str, int], set[int]]  # (basis, department id) → user ids

    @classmethod
    def load(cls) -> "RoleMap":
        """Two queries: the assignments of eligible users, and their departments."""
        eligible = RoleAssignment.objects.filter(role__in=ROLES, user__is_active=True).filter(
            Q(user__person__isnull=True)
            | Q(user__person__is_active=True) & (_holds_a_post() | ~_has_tenures())
        )
        unit_leaders, inspectors = defaultdict(set), defaultdict(set)
        for user_id, role, unit_id in eligible.values_list("user_id", "role", "unit_id"):
            if role == Role.UNIT_LEADER:
                unit_leaders[unit_id].add(user_id)
            elif role == Role.INSPECTOR:
                inspectors[unit_id].add(user_id)
        by_department = defaultdict(set)
        through = RoleAssignment.departments.through.objects.filter(
            roleassignment__in=eligible.filter(
                role__in=[Role.LEADER_IN_CHARGE, Role.DEPARTMENT_HEAD]
            )
        ).values_list("roleassignment__role", "department_id", "roleassignment__user_id")
        for role, department_id, user_id in through:
            by_department[(role, department_id)].add(user_id)
        return cls(unit_leaders, inspectors, by_department)

    def wanted(self, unit_id: int, path: str, department_id: int | None, level: int) -> set[tuple]:
        """{(basis, user id or None)} for one point."""
        if level == 1 or department_id is None:
            pairs = _or_vacant(MonitorBasis.UNIT_LEADER, self.unit_leaders.get(unit_id))
            if level == 1:
                pairs |= _or_vacant(MonitorBasis.INSPECTOR, self._nearest_inspectors(path))
            return pairs
        basis = DEPARTMENT_BASIS[level]
        return _or_vacant(basis, self.by_department.get((basis.value, department_id)))

    def _nearest_inspectors(self, path: str) -> set[int]:
        for unit_id in reversed([int(p) for p in path.strip("/").split("/") if p]):
            if self.inspectors.get(unit_id):
                return self.inspectors[unit_id]
        return set()


def _holds_a_post() -> Exists:
    return Exists(PostTenure.objects.current().filter(person__user_id=OuterRef("user_id")))


def _has_tenures() -> Exists:
    return Exists(PostTenure.objects.filter(person__user_id=OuterRef("user_id")))


def _or_vacant(basis: str, users) -> set[tuple]:
    return {(basis, u) for u in users} if users else {(basis, None)}


def monitors_resolve(*, points: QuerySet | None = None, roles: RoleMap | None = None) -> int:
    """Rewrite the monitor rows of ``points`` (default: all); returns rows changed."""
    roles = roles or RoleMap.load()
    points = RiskPoint.objects.all() if points is None else points
    ids = list(points.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        changed += _resolve_chunk(ids[start : start + CHUNK], roles)
    return changed


@transaction.atomic
def _resolve_chunk(ids: list[int], roles: RoleMap) -> int:
    """Four queries: the points, their current rows, one delete and one insert."""
    rows = RiskPoint.objects.filter(bulk.among("pk", ids)).values_list(
        "pk", "unit_id", "unit__path", "department_id", "level", "status"
    )
    wanted = set()
    for pk, unit_id, path, department_id, level, status in rows:
        if status != RiskPointStatus.RETIRED:
            wanted |= {(pk, *pair) for pair in roles.wanted(unit_id, path, department_id, level)}
    have = {
        (point_id, basis, user_id): pk
        for pk, point_id, basis, user_id in MonitorAssignment.objects.filter(
            bulk.among("point_id", ids)
        ).values_list("pk", "point_id", "basis", "user_id")
    }
    stale = [pk for key, pk in have.items() if key not in wanted]
    if stale:
        # One DELETE: monitor rows carry no history and nothing hangs off them.
        rows = MonitorAssignment.objects.filter(bulk.among("pk", stale))
        rows._raw_delete(rows.db)
    new = [{"point_id": p, "basis": b, "user_id": u} for p, b, u in wanted - have.keys()]
    bulk.insert(MonitorAssignment, new)  # COPY on PostgreSQL
    return len(stale) + len(new)


def points_in_subtrees(unit_paths) -> QuerySet:
    condition = Q(pk__in=[])
    for path in set(unit_paths):
        condition |= Q(unit__path__startswith=path)
    return RiskPoint.objects.filter(condition)
