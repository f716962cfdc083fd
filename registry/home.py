"""The home page: what each user sees first after logging in.

Everyone sees their own tasks with how long they have waited. A unit's leaders
see where their unit's list stands; discipline staff see the district at a
glance; auditors see the latest changes. Apps above the register (the PDCA
cycle, early warning) add their own panels through ``register_home_panel`` from
their ``AppConfig.ready``, so the register never imports them. Each figure links
to the list it counts, filtered to what it counts.

Every panel costs a fixed number of queries, however much data there is.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.changelog import count_changes, latest_changes
from registry.choices import RiskPointStatus
from registry.history import ChangeLogFilter
from registry.models import RiskList, RiskPoint, Unit
from registry.roles import APPROVE, FILL
from registry.scoping import UserScope, scope_for
from registry.tasklist import TaskList, tasks_for
from registry.workflow_display import task_actions

OLDEST_TASKS_SHOWN = 10
CHANGES_SHOWN = 10


@dataclass(frozen=True)
class Figure:
    """One number on the home page and the filtered list it counts."""

    label: str
    value: int | str
    url: str
    # How it reads: "alert" (late, overdue), "red"/"yellow"/"blue" (warning colours), "".
    tone: str = ""


@dataclass
class Panel:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    # Optional rows below the figures: (text, url, detail) tuples.
    rows: list[tuple[str, str, str]] = field(default_factory=list)


# A source gets the user, their scope and today, and returns a panel or None.
PanelSource = Callable[[object, UserScope, datetime.date], Panel | None]
_sources: list[PanelSource] = []


def register_home_panel(source: PanelSource) -> None:
    if source not in _sources:
        _sources.append(source)


def link(name: str, *args, **params) -> str:
    """The URL of ``name`` with the given query parameters (empty ones left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


@dataclass
class WaitingTask:
    point: RiskPoint
    days: int
    overdue: bool
    # The one-click steps the user may take on it right here, and the list version.
    buttons: list = field(default_factory=list)
    version: int = 0


@dataclass
class Home:
    tasks: TaskList
    oldest: list[WaitingTask]
    panels: list[Panel]
    can_write: bool = False


def home_for(user, today: datetime.date | None = None) -> Home:
    today = today or timezone.localdate()
    scope = scope_for(user)
    tasks = tasks_for(user)
    panels = [_tasks_panel(tasks)]
    panels += [p for p in (_unit_lists_panel(scope, today), _changes_panel(user, scope)) if p]
    panels += [p for source in _sources if (p := source(user, scope, today))]
    return Home(
        tasks=tasks,
        oldest=_oldest(user, tasks),
        panels=panels,
        can_write=scope.reaches_anything(FILL),
    )


def _oldest(user, tasks: TaskList) -> list[WaitingTask]:
    now, cutoff = timezone.now(), TaskList.overdue_since()
    points = tasks.oldest(OLDEST_TASKS_SHOWN)
    actions = task_actions(user, points)
    return [
        WaitingTask(
            point=point,
            days=(now - point.status_changed_at).days if point.status_changed_at else 0,
            overdue=bool(point.status_changed_at and point.status_changed_at < cutoff),
            buttons=[b for b in actions.for_point(point) if b.one_click],
            version=actions.versions.get(point.pk, 0),
        )
        for point in points
    ]


def _tasks_panel(tasks: TaskList) -> Panel:
    panel = Panel("tasks", _("My tasks"))
    for group in tasks.groups:
        if count := tasks.counts.get(group.key):
            panel.figures.append(
                Figure(str(group.label), count, link("registry:my_tasks", group=group.key))
            )
    overdue = sum(tasks.overdue_counts.values())
    if overdue:
        panel.figures.append(
            Figure(_("Overdue"), overdue, link("registry:my_tasks", overdue=1), "alert")
        )
    if feedback := tasks.counts.get("feedback"):
        panel.figures.append(
            Figure(
                _("Feedback on public notices"),
                feedback,
                link("registry:my_tasks", group="feedback"),
            )
        )
    return panel


def _unit_lists_panel(scope: UserScope, today: datetime.date) -> Panel | None:
    """For a unit's leaders: this year's list of each unit they approve for, by status."""
    paths = scope.unit_paths(APPROVE)
    if not paths:
        return None
    units = list(Unit.objects.filter(path__in=paths).order_by("path"))
    ids = [u.pk for u in units]
    counts = (
        RiskPoint.objects.filter(unit_id__in=ids, year=today.year)
        .values_list("unit_id", "status")
        .annotate(n=Count("id"))
    )
    by_unit: dict[int, dict[str, int]] = {}
    for unit_id, status, n in counts:
        by_unit.setdefault(unit_id, {})[status] = n
    lists = {
        r.unit_id: r
        for r in RiskList.objects.filter(unit_id__in=ids, year=today.year).only(
            "id", "unit_id", "notice_until"
        )
    }
    panel = Panel("unit_lists", _("Our risk list, %(year)d") % {"year": today.year})
    for unit in units:
        found = by_unit.get(unit.pk, {})
        for status, label in RiskPointStatus.choices:
            if found.get(status):
                panel.figures.append(
                    Figure(
                        f"{unit.name} · {label}",
                        found[status],
                        link(
                            "registry:riskpoint_list", unit=unit.pk, year=today.year, status=status
                        ),
                    )
                )
        if risk_list := lists.get(unit.pk):
            panel.rows.append(
                (
                    _("Risk list of %(unit)s, %(year)s") % {"unit": unit.name, "year": today.year},
                    reverse("registry:risklist_detail", args=[risk_list.pk]),
                    "",
                )
            )
            if found.get(RiskPointStatus.ON_NOTICE) and risk_list.notice_until:
                until = timezone.localtime(risk_list.notice_until)
                panel.rows.append(
                    (
                        _("Public notice of %(unit)s") % {"unit": unit.name},
                        reverse("registry:notice", args=[risk_list.pk]),
                        _("until %(until)s") % {"until": f"{until:%Y-%m-%d %H:%M}"},
                    )
                )
    return panel


def _changes_panel(user, scope: UserScope) -> Panel | None:
    """For auditors (and anyone who reads history): the latest changes in their scope."""
    if not scope.reads_history:
        return None
    today = timezone.localdate()
    entries = latest_changes(viewer=user, filters=ChangeLogFilter(), limit=CHANGES_SHOWN)
    today_total = count_changes(viewer=user, filters=ChangeLogFilter(date_from=today))
    panel = Panel("changes", _("Latest changes"))
    panel.figures.append(
        Figure(_("Changes today"), today_total, link("registry:change_log", date_from=today))
    )
    for entry in entries:
        panel.rows.append(
            (
                f"{entry.model_label} · {entry.object_label}",
                reverse("registry:object_history", args=[entry.model_key, entry.record.id]),
                " · ".join(
                    part
                    for part in (
                        f"{timezone.localtime(entry.when):%Y-%m-%d %H:%M}",
                        entry.user_label,
                    )
                    if part
                ),
            )
        )
    return panel
