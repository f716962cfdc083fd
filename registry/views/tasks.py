from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registry.tasklist import TaskList, tasks_for
from registry.workflow_display import task_actions

TASKS_SHOWN = 200  # of one kind, when the user chose it (?group=)
TASKS_PREVIEWED = 50  # of each kind on the whole list, which links to the rest


@login_required
def my_tasks(request):
    """What waits for the user, oldest first; ``?group=`` keeps one kind of task and
    ``?overdue=1`` only those waiting longer than ``TASK_OVERDUE_DAYS`` (the home page's links)."""
    tasks = tasks_for(request.user)
    chosen = request.GET.get("group", "")
    overdue = bool(request.GET.get("overdue"))
    shown = TASKS_SHOWN if chosen else TASKS_PREVIEWED
    groups = []
    for group in tasks.groups:
        if not tasks.counts[group.key] or chosen not in ("", group.key):
            continue
        points = tasks.points(group)
        count = tasks.counts[group.key]
        if overdue:
            points = points.filter(status_changed_at__lt=TaskList.overdue_since())
            count = tasks.overdue_counts[group.key]
        if count:
            groups.append((group, count, list(points[:shown])))
    feedback = tasks.feedback[:shown] if chosen in ("", "feedback") and not overdue else []
    actions = task_actions(request.user, [p for _g, _c, points in groups for p in points])
    groups = [
        (group, count, [(p, actions.for_point(p), actions.versions[p.pk]) for p in points])
        for group, count, points in groups
    ]
    return render(
        request,
        "registry/my_tasks.html",
        {
            "groups": groups,
            "feedback": feedback,
            "tasks": tasks,
            "filtered": bool(chosen or overdue),
        },
    )
