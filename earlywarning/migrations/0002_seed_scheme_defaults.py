"""Default rules, colour thresholds and step deadlines of the 12-point scheme.

The source reports give the scheme (Shayang: 12 points, blue / yellow / red)
but no numbers; these defaults are documented in docs/earlywarning.md and are
rows an administrator changes. Existing rows are never overwritten.
"""

from django.db import migrations

RULES = [
    # code, name, points, default source, order
    ("complaint_verified", "信访举报反映问题经核查属实", 3, "complaint", 10),
    ("hotline_verified", "热线反映问题经核查属实", 2, "hotline", 20),
    ("inspection_finding", "监督检查发现问题", 2, "inspection", 30),
    ("overdue_rectification", "整改事项逾期未完成", 2, "overdue_rectification", 40),
    ("officer_report_verified", "预警信息员报告问题经核查属实", 2, "officer_report", 50),
    ("appraisal_low", "民主测评满意度偏低", 2, "appraisal", 60),
    ("self_report", "主动报告问题", 1, "self_report", 70),
    ("missing_officer_report", "预警信息员未按时报送月度信息", 1, "", 80),
    ("major_case", "发生重大违纪违法案件", 6, "", 90),
]

THRESHOLDS = [
    ("blue", 3, "谈话提醒：由纪检监察机构对单位主要负责人或本人进行提醒谈话，限期说明情况并自查自纠。"),
    ("yellow", 6, "下达预警通知书并函询：相关负责人限期书面说明情况，制定整改措施。"),
    ("red", 9, "下达整改通知书，对主要负责人约谈或诫勉谈话，限期整改；整改不力的依纪依规处置。"),
]

DEADLINES = [
    (1, 15, "谈话提醒，当事人说明情况并自查自纠。"),
    (2, 15, "函询，当事人在期限内书面说明。"),
    (3, 30, "约谈或诫勉谈话，形成谈话记录，限期整改。"),
    (4, 30, "处置：作出处理决定，明确责任人；重大问题移送纪律审查或司法机关。"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("earlywarning", "DeductionRule")
    Threshold = apps.get_model("earlywarning", "ColourThreshold")
    Deadline = apps.get_model("earlywarning", "StepDeadline")
    for code, name, points, source, order in RULES:
        Rule.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": points, "source_type": source, "sort_order": order},
        )
    for colour, points, handling in THRESHOLDS:
        Threshold.objects.get_or_create(
            colour=colour, defaults={"min_points": points, "handling": handling}
        )
    for step, days, duty in DEADLINES:
        Deadline.objects.get_or_create(step=step, defaults={"days": days, "duty": duty})


class Migration(migrations.Migration):
    dependencies = [("earlywarning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
