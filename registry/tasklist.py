""" "My tasks": what waits for a user, from their grants, oldest first."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from registry.choices import RiskPointStatus as S
from registry.models import NoticeFeedback, RiskPoint
from registry.roles import APPROVE, DECIDE, FILL, REVIEW, SIGN
from registry.scoping import kept_on_user, paths_condition, scope_for

TASK_RELATIONS = ("unit", "department", "post")


def tasks_for(user) -> "TaskList":
    """The user's task list, made once per request (kept on the user object, as
    ``scope_for`` keeps the scope): the navigation bar's count and the page that
    lists the tasks share one set of counts."""
    return kept_on_user(user, "_task_list", TaskList)


@dataclass
class TaskGroup:
    key: str
    label: str
    condition: Q


class TaskList:
    """The user's open tasks. Counting them all is one query on the register plus
    one on notice feedback, so the navigation bar can show them on every page."""

    def __init__(self, user) -> None:
        self.user = user
        self.scope = scope_for(user)

    @cached_property
    def groups(self) -> list[TaskGroup]:
        scope = self.scope
        fill = Q(post_id__in=scope.post_ids(FILL)) | Q(department_id__in=scope.department_ids(FILL))
        without_department = Q(department__isnull=True, status=S.SUBMITTED)
        ready = Q(department__isnull=False, status=S.LEADER_REVIEWED) | without_department
        # A main leader approves levels 2 and 3; level 1 waits for the leading group.
        approve = ready & (
            (scope.unit_condition(APPROVE, "unit__") & ~Q(level=1))
            | scope.unit_condition(DECIDE, "unit__")
        )
        return [
            TaskGroup("fill", _("Fill in and submit"), fill & Q(status=S.DRAFT)),
            TaskGroup(
                "sign",
                _("Check and sign as department head"),
                Q(department_id__in=scope.department_ids(SIGN), status=S.SUBMITTED),
            ),
            TaskGroup(
                "review",
                _("Review as leader in charge"),
                Q(department_id__in=scope.department_ids(REVIEW), status=S.DEPARTMENT_REVIEWED),
            ),
            TaskGroup("approve", _("Approve or decide for the unit"), approve),
        ]

    def points(self, group: TaskGroup) -> QuerySet:
        # Only what the task rows show: each join more cost the planner more than
        # the rows cost to read (three more took 20 ms to plan at a million points).
        return (
            RiskPoint.objects.filter(group.condition)
            .select_related(*TASK_RELATIONS)
            .order_by("status_changed_at", "id")
        )

    @cached_property
    def feedback(self) -> QuerySet:
        # Tasks are for the staff who hold the role, not for superusers who merely see all.
        units = paths_condition(self.scope.discipline_paths, "risk_list__unit__")
        return (
            NoticeFeedback.objects.filter(units, handled_at__isnull=True)
            .select_related("risk_list__unit", "risk_point")
            .order_by("created_at")
        )

    def group(self, key: str) -> TaskGroup | None:
        return next((g for g in self.groups if g.key == key), None)

    @property
    def any_condition(self) -> Q:
        condition = Q(pk__in=[])
        for group in self.groups:
            condition |= group.condition
        return condition

    @staticmethod
    def overdue_since() -> datetime.datetime:
        """A task waiting longer than ``TASK_OVERDUE_DAYS`` is overdue."""
        return timezone.now() - datetime.timedelta(days=settings.TASK_OVERDUE_DAYS)

    @cached_property
    def overdue_counts(self) -> dict[str, int]:
        """Overdue tasks per group, in one query."""
        if not self.user.is_authenticated:
            return {}
        late = Q(status_changed_at__lt=self.overdue_since())
        aggregates = {g.key: Count("pk", filter=g.condition & late) for g in self.groups}
        return RiskPoint.objects.filter(self.any_condition).aggregate(**aggregates)

    def oldest(self, limit: int) -> list[RiskPoint]:
        """The tasks waiting longest, whatever their group."""
        return list(
            RiskPoint.objects.filter(self.any_condition)
            .select_related(*TASK_RELATIONS)
            .order_by("status_changed_at", "id")[:limit]
        )

    def _may_have_tasks(self) -> bool:
        """Whether any group can hold a task: without the roles that bring them, the
        navigation bar's count (on every page) costs no query nor SQL to build."""
        scope = self.scope
        return bool(
            scope.post_ids(FILL)
            or any(scope.department_ids(action) for action in (FILL, SIGN, REVIEW))
            or scope.unit_paths(APPROVE)
            or scope.unit_paths(DECIDE)
        )

    @cached_property
    def counts(self) -> dict[str, int]:
        if not self.user.is_authenticated:
            return {}
        if not self._may_have_tasks():
            counts = dict.fromkeys((g.key for g in self.groups), 0)
            counts["feedback"] = self.feedback.count() if self.scope.discipline_paths else 0
            return counts
        aggregates = {g.key: Count("pk", filter=g.condition) for g in self.groups}
        counts = RiskPoint.objects.filter(self.any_condition).aggregate(**aggregates)
        counts["feedback"] = self.feedback.count()
        return counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())
