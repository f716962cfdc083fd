from django.db import migrations


def seed(apps, schema_editor):
    from assessment import defaults as d

    GradingModel = apps.get_model("assessment", "GradingModel")
    if GradingModel.objects.exists():
        return
    model = GradingModel.objects.create(name=d.MODEL_NAME, version=1, is_current=True)
    Factor, Option = apps.get_model("assessment", "Factor"), apps.get_model("assessment", "FactorOption")
    for order, (axis, code, name, guidance, options) in enumerate(d.FACTORS, start=1):
        factor = Factor.objects.create(
            grading_model=model, axis=axis, code=code, name=name, help_text=guidance, sort_order=order
        )
        Option.objects.bulk_create(
            Option(factor=factor, code=c, label=label, score=score, sort_order=i)
            for i, (c, label, score) in enumerate(options, start=1)
        )
    AxisBand = apps.get_model("assessment", "AxisBand")
    AxisBand.objects.bulk_create(
        AxisBand(grading_model=model, axis=axis, band=band, min_score=score)
        for axis, bands in d.BANDS.items()
        for band, score in bands.items()
    )
    MatrixCell = apps.get_model("assessment", "MatrixCell")
    MatrixCell.objects.bulk_create(
        MatrixCell(grading_model=model, likelihood=lk, harm=hm, level=level)
        for (lk, hm), level in d.MATRIX.items()
    )
    ChecklistItem = apps.get_model("assessment", "ChecklistItem")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(name=name, description=text, weight=weight, sort_order=i)
        for i, (name, text, weight) in enumerate(d.CHECKLIST, start=1)
    )
    SurveyQuestion = apps.get_model("assessment", "SurveyQuestion")
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(text=text, sort_order=i) for i, text in enumerate(d.QUESTIONS, start=1)
    )
    GradeThreshold = apps.get_model("assessment", "GradeThreshold")
    GradeThreshold.objects.bulk_create(
        GradeThreshold(grade=grade, min_score=score) for grade, score in d.THRESHOLDS.items()
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
