""" "My tasks": what waits for a user, from their grants, oldest first."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from registry.choices import RiskPointStatus as S
from registry.models import NoticeFeedback, RiskPoint
from registry.roles import APPROVE, FILL, REVIEW, SIGN
from registry.scoping import paths_condition, scope_for


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
        approve = scope.unit_condition(APPROVE, "unit__") & (
            Q(department__isnull=False, status=S.LEADER_REVIEWED) | without_department
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
        return (
            RiskPoint.objects.filter(group.condition)
            .with_list_relations()
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

    @cached_property
    def counts(self) -> dict[str, int]:
        if not self.user.is_authenticated:
            return {}
        aggregates = {g.key: Count("pk", filter=g.condition) for g in self.groups}
        any_group = Q(pk__in=[])
        for group in self.groups:
            any_group |= group.condition
        counts = RiskPoint.objects.filter(any_group).aggregate(**aggregates)
        counts["feedback"] = self.feedback.count()
        return counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())
