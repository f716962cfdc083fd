"""The SOE's four lists (问题清单、任务清单、责任清单、结果清单) as views of the same
rectification items: no copies, each a choice of items and columns.

Callers pass the items the user may see (``RectificationItem.objects.visible_to``),
filtered as the rectification list filters them; a list only narrows and reads them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.choices import RectificationStatus
from registry.choices import Role
from registry.models import RoleAssignment


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _yes(flag: bool) -> str:
    return _("Yes") if flag else ""


@dataclass(frozen=True)
class Column:
    label: Promise
    value: Callable  # (item, context) -> cell


@dataclass(frozen=True)
class RectificationList:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    closed_only: bool = False

    def __str__(self) -> str:
        return str(self.title)

    def items(self, items: QuerySet) -> QuerySet:
        items = items.select_related(
            "unit",
            "owner__person__department",
            "inspector",
            "source",
            "finding__risk_point__department",
            "finding__repeat_of",
        ).order_by("deadline", "pk")
        if self.closed_only:
            items = items.filter(status=RectificationStatus.CLOSED).annotate(
                evidence_count=Count("evidence")
            )
        return items

    def headers(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def rows(self, items) -> list[list]:
        """The cells of each item, with what the columns need read in bulk."""
        items = list(items)
        context = {"today": timezone.localdate(), "leaders": _leaders(items)}
        return [[c.value(item, context) for c in self.columns] for item in items]


def _department(item):
    finding = item.finding
    if finding and finding.risk_point and finding.risk_point.department:
        return finding.risk_point.department
    person = getattr(item.owner, "person", None)
    return person.department if person else None


def _leaders(items) -> dict[int, str]:
    """{item id: the leader answering for it}: the leader in charge of its department,
    or else the unit's main leader. Two queries for the page."""
    units = {item.unit_id for item in items}
    grants = (
        RoleAssignment.objects.filter(
            unit_id__in=units,
            role__in=[Role.UNIT_LEADER, Role.LEADER_IN_CHARGE],
            user__is_active=True,
        )
        .select_related("user")
        .prefetch_related("departments")
        .order_by("pk")
    )
    main, in_charge = {}, {}
    for grant in grants:
        if grant.role == Role.UNIT_LEADER:
            main.setdefault(grant.unit_id, grant.user)
        else:
            for department in grant.departments.all():
                in_charge.setdefault(department.pk, grant.user)
    leaders = {}
    for item in items:
        department = _department(item)
        leader = in_charge.get(department.pk) if department else None
        leaders[item.pk] = _name(leader or main.get(item.unit_id))
    return leaders


def _finding(attribute: str, default=""):
    def read(item, _context):
        return getattr(item.finding, attribute) if item.finding else default

    return read


def _found_on(item, _context) -> datetime.date:
    if item.finding and item.finding.found_on:
        return item.finding.found_on
    return timezone.localdate(item.created_at)


def _repeat(item, _context) -> str:
    return _yes(bool(item.finding and item.finding.repeat_of_id))


def _overdue(item, context) -> str:
    return _yes(item.is_overdue(context["today"]))


UNIT = Column(gettext_lazy("Unit"), lambda item, _c: item.unit.name)
TITLE = Column(gettext_lazy("What to rectify"), lambda item, _c: item.title)
SOURCE = Column(gettext_lazy("Origin"), lambda item, _c: item.source.name)
DEADLINE = Column(gettext_lazy("Deadline"), lambda item, _c: item.deadline)
STATUS = Column(gettext_lazy("Status"), lambda item, _c: item.get_status_display())

LISTS = {
    lst.slug: lst
    for lst in [
        RectificationList(
            "problems",
            gettext_lazy("Problem list"),
            gettext_lazy("Every problem found, with where it came from."),
            (
                SOURCE,
                UNIT,
                Column(gettext_lazy("Problem"), lambda item, _c: item.title),
                Column(
                    gettext_lazy("Severity"),
                    lambda item, _c: item.finding.get_severity_display() if item.finding else "",
                ),
                Column(gettext_lazy("Found on"), _found_on),
                Column(gettext_lazy("Reference"), _finding("reference")),
                Column(
                    gettext_lazy("Risk point"),
                    lambda item, _c: str(item.finding.risk_point or "") if item.finding else "",
                ),
                Column(gettext_lazy("Repeat finding"), _repeat),
            ),
        ),
        RectificationList(
            "tasks",
            gettext_lazy("Task list"),
            gettext_lazy("The rectification tasks with their deadlines and status."),
            (
                TITLE,
                UNIT,
                DEADLINE,
                STATUS,
                Column(gettext_lazy("Overdue"), _overdue),
                Column(gettext_lazy("Times reopened"), lambda item, _c: item.reopened_count),
            ),
        ),
        RectificationList(
            "responsibility",
            gettext_lazy("Responsibility list"),
            gettext_lazy("Who answers for each task: unit, department and person, leader."),
            (
                TITLE,
                UNIT,
                Column(gettext_lazy("Department"), lambda item, _c: str(_department(item) or "")),
                Column(gettext_lazy("Person responsible"), lambda item, _c: _name(item.owner)),
                Column(gettext_lazy("Leader responsible"), lambda item, c: c["leaders"][item.pk]),
                Column(gettext_lazy("Inspector"), lambda item, _c: _name(item.inspector)),
            ),
        ),
        RectificationList(
            "results",
            gettext_lazy("Result list"),
            gettext_lazy("Closed-off items with how they were rectified and the evidence."),
            (
                TITLE,
                UNIT,
                DEADLINE,
                Column(
                    gettext_lazy("Closed"),
                    lambda item, _c: timezone.localdate(item.closed_at) if item.closed_at else None,
                ),
                Column(gettext_lazy("On time"), lambda item, _c: _yes(item.closed_on_time)),
                Column(gettext_lazy("How it was rectified"), lambda item, _c: item.evidence_note),
                Column(gettext_lazy("Evidence files"), lambda item, _c: item.evidence_count),
            ),
            closed_only=True,
        ),
    ]
}
