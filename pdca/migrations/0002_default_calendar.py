"""The pilot's calendar as the default for new cycles (see the seeds: a district's
廉政风险防范管理试点 plan). Admins change it in the admin; cycles copy it when created."""

from django.db import migrations

# (stage, name, start (month, day), end (month, day), deadlines: (milestone, name, month, day))
PILOT_CALENDAR = [
    ("plan", "筹备启动", (2, 1), (3, 10), []),
    (
        "plan",
        "查找风险点",
        (3, 11),
        (4, 20),
        [("risk_lists", "领导班子和科级风险点报送", 4, 10)],
    ),
    (
        "do",
        "制定防范措施和组织实施",
        (4, 21),
        (8, 31),
        [("measures", "防范措施审核备案", 5, 10)],
    ),
    ("check", "考核评估", (9, 1), (9, 15), [("self_examination", "自查报告报送", 9, 5)]),
    ("act", "修正完善", (9, 16), (10, 10), []),
]


def seed(apps, schema_editor):
    PhaseTemplate = apps.get_model("pdca", "PhaseTemplate")
    DeadlineTemplate = apps.get_model("pdca", "DeadlineTemplate")
    if PhaseTemplate.objects.exists():
        return
    for order, (stage, name, start, end, deadlines) in enumerate(PILOT_CALENDAR, start=1):
        phase = PhaseTemplate.objects.create(
            stage=stage,
            name=name,
            start_month=start[0],
            start_day=start[1],
            end_month=end[0],
            end_day=end[1],
            sort_order=order,
        )
        for milestone, title, month, day in deadlines:
            DeadlineTemplate.objects.create(
                phase=phase, milestone=milestone, name=title, month=month, day=day
            )


def unseed(apps, schema_editor):
    apps.get_model("pdca", "PhaseTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pdca", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
