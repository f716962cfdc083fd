from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registry.tasklist import TaskList

TASKS_SHOWN = 200


@login_required
def my_tasks(request):
    tasks = TaskList(request.user)
    groups = [
        (group, tasks.counts[group.key], tasks.points(group)[:TASKS_SHOWN])
        for group in tasks.groups
        if tasks.counts[group.key]
    ]
    return render(
        request,
        "registry/my_tasks.html",
        {"groups": groups, "feedback": tasks.feedback[:TASKS_SHOWN], "tasks": tasks},
    )
