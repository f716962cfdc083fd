"""Demo data for ``manage.py seed_demo``: gradings that explain the demo levels,
monitors, a 2026 appraisal of a few units (one of them vetoed), and signed commitments.

Idempotent: every step creates only what is missing, so a second run returns zeros.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessment.appraisal import hash_token
from assessment.choices import AppraisalGrade, AppraisalStatus, Rating, RespondentKind
from assessment.defaults import PROFILES
from assessment.models import (
    Appraisal,
    AppraisalLink,
    AppraisalVeto,
    ChecklistItem,
    ChecklistScore,
    Commitment,
    FactorOption,
    GradingModel,
    PointGrading,
    RectificationNotice,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    VetoRule,
)
from assessment.monitoring import monitors_resolve
from assessment.scoring import ModelSnapshot, grade
from registry.models import Person, PostTenure, RiskPoint, Unit

YEAR = 2026
# unit code → (team score per item, democratic rating, links issued, links used, published)
APPRAISALS = {
    "CZ": (92, Rating.GOOD, 40, 36, True),
    "SB": (55, Rating.AVERAGE, 30, 21, True),
    "YY": (None, Rating.FAIRLY_GOOD, 25, 9, False),
    "GT": (86, Rating.FAIRLY_GOOD, 30, 26, True),
}
# unit code → (veto item, facts): a good score, vetoed all the same (一票否决).
VETOES = {
    "GT": (
        "发生严重违纪违法案件",
        "该局原土地利用科科长在办理用地审批中收受他人财物，2026年8月被区监委立案审查调查。",
    ),
}


def seed_demo(*, stdout=None) -> dict[str, int]:
    model = GradingModel.objects.filter(is_current=True).first()
    if model is None or not Unit.objects.filter(code="MH").exists():
        return {}
    with transaction.atomic():
        counts = {"gradings": _gradings(model)}
        counts["monitor_assignments"] = monitors_resolve()
        counts["appraisals"] = _appraisals()
        counts["commitments"] = _commitments()
    model.refresh_frozen()
    if stdout is not None:
        stdout.write(f"assessment: {counts}")
    return counts


# Other answers that give the same levels from other cells of the matrix, so the demo's
# likelihood × harm picture is spread as a real district's is: (likelihood, harm) noted.
VARIANTS = {
    1: [
        PROFILES[1],  # medium × high
        {
            **PROFILES[1],
            "concentration": "one",
            "frequency": "daily",
            "money": "medium",
            "major_matter": "no",
            "rights": "limited",
            "exposure": "users",
        },  # high × medium
        {**PROFILES[1], "concentration": "one", "frequency": "daily"},  # high × high
    ],
    2: [
        PROFILES[2],  # medium × medium
        PROFILES[2],
        {**PROFILES[3], "money": "large", "major_matter": "yes"},  # low × high
        {
            **PROFILES[2],
            "discretion": "large",
            "concentration": "one",
            "frequency": "daily",
            "money": "small",
            "rights": "none",
            "exposure": "internal",
        },  # high × low
    ],
    3: [
        PROFILES[3],  # low × low
        {
            **PROFILES[3],
            "money": "medium",
            "rights": "limited",
            "exposure": "users",
        },  # low × medium
        {**PROFILES[2], "money": "small", "rights": "none", "exposure": "internal"},  # medium × low
    ],
}


def _gradings(model: GradingModel) -> int:
    """Each demo point answers a profile of its level, so its level follows from factors."""
    points = list(
        RiskPoint.objects.filter(revision_of__isnull=True, grading__isnull=True).only("pk", "level")
    )
    if not points:
        return 0
    snapshot = ModelSnapshot.load(model)
    options = {
        (o.factor.code, o.code): o.pk
        for o in FactorOption.objects.filter(factor__grading_model=model).select_related("factor")
    }
    now = timezone.now()
    gradings, answers = [], {}
    for point in points:
        variants = VARIANTS[point.level]
        profile = variants[point.pk % len(variants)]
        answers[point.pk] = [options[item] for item in profile.items()]
        result = grade(snapshot, answers[point.pk])
        if result.level != point.level:  # an admin changed the matrix: fall back
            answers[point.pk] = [options[item] for item in PROFILES[point.level].items()]
            result = grade(snapshot, answers[point.pk])
        gradings.append(
            PointGrading(
                point=point,
                grading_model=model,
                likelihood_score=result.likelihood_score,
                harm_score=result.harm_score,
                likelihood_band=result.likelihood_band,
                harm_band=result.harm_band,
                computed_level=result.level,
                graded_at=now,
                answer_summary=[],
            )
        )
    PointGrading.objects.bulk_create(gradings)
    Through = PointGrading.answers.through
    Through.objects.bulk_create(
        Through(pointgrading_id=g.pk, factoroption_id=o)
        for g in gradings
        for o in answers[g.point_id]
    )
    return len(gradings)


def _appraisals() -> int:
    inspector = get_user_model().objects.filter(username="inspector").first()
    created = 0
    for code, (team, rating, issued, used, published) in APPRAISALS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is None or Appraisal.objects.filter(unit=unit, year=YEAR).exists():
            continue
        appraisal = Appraisal.objects.create(
            unit=unit,
            year=YEAR,
            self_report=f"{unit.name}{YEAR}年度廉政风险防控工作自查报告：已完成风险点查找、等级评定和措施落实情况自查。",
            self_report_at=timezone.now(),
        )
        _survey(appraisal, rating, issued, used)
        if team is not None:
            ChecklistScore.objects.bulk_create(
                ChecklistScore(
                    appraisal=appraisal, item=item, weight=item.weight, score=Decimal(team)
                )
                for item in ChecklistItem.objects.filter(is_active=True)
            )
        if code in VETOES:
            _veto(appraisal, *VETOES[code], by=inspector)
        if published:
            _publish(appraisal, inspector)
        created += 1
    return created


def _survey(appraisal: Appraisal, rating: int, issued: int, used: int) -> None:
    # Demo links are spent or unknowable: their tokens are thrown away.
    AppraisalLink.objects.bulk_create(
        AppraisalLink(
            appraisal=appraisal,
            kind=RespondentKind.STAFF if i % 3 else RespondentKind.SERVICE_USER,
            token_hash=hash_token(f"demo-{appraisal.pk}-{i}-{timezone.now().timestamp()}"),
            used=i < used,
        )
        for i in range(issued)
    )
    questions = list(SurveyQuestion.objects.filter(is_active=True))
    for i in range(used):
        response = SurveyResponse.objects.create(appraisal=appraisal, kind=RespondentKind.STAFF)
        # A spread of ratings around the unit's typical one.
        ratings = [rating, rating, Rating.GOOD if i % 4 else Rating.AVERAGE]
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, question=q, rating=ratings[(i + n) % 3])
            for n, q in enumerate(questions)
        )


def _veto(appraisal: Appraisal, rule_name: str, facts: str, *, by) -> None:
    rule = VetoRule.objects.filter(name=rule_name).first() or VetoRule.objects.first()
    if rule is not None:
        AppraisalVeto.objects.create(
            appraisal=appraisal, rule=rule, facts=facts, recorded_at=timezone.now(), recorded_by=by
        )
        appraisal.forget_vetoes()
        appraisal.grade = appraisal.final_grade()
        appraisal.save(update_fields=["grade"])


def _publish(appraisal: Appraisal, by) -> None:
    from assessment.appraisal import democratic_score, final_score, grade_for, team_score

    appraisal.democratic_score, appraisal.team_score = (
        democratic_score(appraisal),
        team_score(appraisal),
    )
    appraisal.final_score = final_score(
        appraisal.democratic_score, appraisal.team_score, appraisal.democratic_weight
    )
    appraisal.score_grade = grade_for(appraisal.final_score)
    appraisal.grade = appraisal.final_grade()
    appraisal.status, appraisal.published_at, appraisal.published_by = (
        AppraisalStatus.PUBLISHED,
        timezone.now(),
        by,
    )
    appraisal.save()
    if appraisal.grade == AppraisalGrade.UNQUALIFIED:
        RectificationNotice.objects.create(
            unit=appraisal.unit,
            year=appraisal.year,
            appraisal=appraisal,
            issued_at=timezone.now(),
            deadline=datetime.date(YEAR + 1, 3, 31),
            text=(
                "针对一票否决事项：剖析案件暴露的审批环节漏洞，健全防控措施并报送整改报告。"
                if appraisal.is_vetoed
                else "风险点查找不全、部分防控措施未落实：限期补充查找风险点，逐项落实措施并报送整改报告。"
            ),
            issued_by=by,
        )


def _commitments() -> int:
    """The leadership team of the finance bureau signed their 2026 commitments."""
    leaders = Person.objects.filter(
        pk__in=PostTenure.objects.filter(
            post__unit__code="CZ", post__department__isnull=True
        ).values("person_id")
    ).exclude(commitments__year=YEAR)
    created = 0
    for person in leaders:
        commitment = Commitment(person=person, year=YEAR, signed_on=datetime.date(YEAR, 2, 28))
        commitment.file_name = f"{person.name}-{YEAR}年度廉政承诺书.pdf"
        commitment.file.save(commitment.file_name, ContentFile(_demo_pdf()), save=False)
        commitment.save()
        created += 1
    return created


def _demo_pdf() -> bytes:
    """A blank one-page A4 PDF standing in for a scanned commitment."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
