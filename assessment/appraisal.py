"""The annual appraisal of a unit: writes, each one transaction.

Democratic-appraisal links are ``secrets.token_urlsafe(24)`` tokens (192
random bits); only their SHA-256 is stored, so the database cannot hand out
a working link, and a link is spent in the same transaction that stores its
answers. Responses are not linked to links, users or times: results are
anonymous by construction.
"""

import hashlib
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.access import can_write_self_report, is_assessor
from assessment.choices import AppraisalGrade, AppraisalStatus, Rating
from assessment.models import (
    Appraisal,
    AppraisalAttachment,
    AppraisalLink,
    ChecklistItem,
    ChecklistScore,
    GradeThreshold,
    RectificationNotice,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from registry import uploads
from registry.documents import kinds
from registry.documents.services import document_issue
from registry.notifications import notify
from registry.roles import APPROVE
from registry.scoping import users_with

CENT = Decimal("0.01")
MAX_LINKS_PER_BATCH = 500


def _require_assessor(user, appraisal_or_unit) -> None:
    unit = getattr(appraisal_or_unit, "unit", appraisal_or_unit)
    if not is_assessor(user, unit):
        raise PermissionDenied(
            _("Only the discipline-inspection staff over %(unit)s run its appraisal.")
            % {"unit": unit}
        )


def _require_open(appraisal: Appraisal) -> None:
    if appraisal.is_published:
        raise ValidationError(_("The results are published; the appraisal can no longer change."))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def appraisal_open(*, unit, year: int, democratic_weight: int = 30, by) -> Appraisal:
    _require_assessor(by, unit)
    if Appraisal.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has an appraisal for %(year)d.") % {"unit": unit, "year": year}
        )
    appraisal = Appraisal(unit=unit, year=year, democratic_weight=democratic_weight)
    appraisal.full_clean()
    appraisal._history_user = by
    appraisal.save()
    return appraisal


@transaction.atomic
def self_report_save(*, appraisal: Appraisal, text: str, files=(), by) -> Appraisal:
    if not (can_write_self_report(by, appraisal.unit) or is_assessor(by, appraisal.unit)):
        raise PermissionDenied(_("Only the unit's leaders write its self-examination report."))
    _require_open(appraisal)
    if not text.strip():
        raise ValidationError({"self_report": _("Write the self-examination report.")})
    appraisal.self_report, appraisal.self_report_at = text.strip(), timezone.now()
    appraisal._history_user = by
    appraisal.save(update_fields=["self_report", "self_report_at"])
    for upload in files:
        uploads.check(upload, kind="appraisal")
    for upload in files:
        AppraisalAttachment.objects.create(
            appraisal=appraisal, file=upload, name=upload.name, uploaded_by=by
        )
    return appraisal


@transaction.atomic
def links_issue(*, appraisal: Appraisal, kind: str, count: int, by) -> list[str]:
    """New one-time links; the raw tokens are returned once and never stored."""
    _require_assessor(by, appraisal)
    _require_open(appraisal)
    if not 1 <= count <= MAX_LINKS_PER_BATCH:
        raise ValidationError(
            {
                "count": _("Issue between 1 and %(max)d links at a time.")
                % {"max": MAX_LINKS_PER_BATCH}
            }
        )
    tokens = [secrets.token_urlsafe(24) for _ in range(count)]
    AppraisalLink.objects.bulk_create(
        AppraisalLink(appraisal=appraisal, kind=kind, token_hash=hash_token(t)) for t in tokens
    )
    return tokens


def link_for(token: str) -> AppraisalLink | None:
    """The unused link of an open appraisal for ``token``, or None."""
    return (
        AppraisalLink.objects.select_related("appraisal__unit")
        .filter(token_hash=hash_token(token), used=False, appraisal__status=AppraisalStatus.OPEN)
        .first()
    )


@transaction.atomic
def survey_submit(*, token: str, ratings: dict[int, int], comment: str = "") -> SurveyResponse:
    """Store one anonymous questionnaire and spend the link, or neither."""
    link = (
        AppraisalLink.objects.select_for_update()
        .filter(token_hash=hash_token(token), used=False, appraisal__status=AppraisalStatus.OPEN)
        .first()
    )
    if link is None:
        raise ValidationError(_("This appraisal link is not valid or has already been used."))
    questions = list(SurveyQuestion.objects.filter(is_active=True))
    missing = [q.text for q in questions if ratings.get(q.pk) not in Rating.values]
    if missing:
        raise ValidationError(
            _("Rate every question; missing: %(questions)s") % {"questions": "；".join(missing)}
        )
    link.used = True
    link.save(update_fields=["used"])
    response = SurveyResponse.objects.create(
        appraisal_id=link.appraisal_id, kind=link.kind, comment=comment.strip()
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=q, rating=ratings[q.pk]) for q in questions
    )
    return response


def participation(appraisal: Appraisal) -> dict:
    counts = appraisal.links.aggregate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
    issued, used = counts["issued"], counts["used"]
    return {
        "issued": issued,
        "used": used,
        "rate": round(used * 100 / issued, 1) if issued else None,
    }


@transaction.atomic
def checklist_score(*, appraisal: Appraisal, scores: dict[int, tuple[Decimal, str]], by) -> None:
    """The team's scores by checklist item id; the item's current weight is copied."""
    _require_assessor(by, appraisal)
    _require_open(appraisal)
    items = {item.pk: item for item in ChecklistItem.objects.filter(pk__in=scores, is_active=True)}
    for item_id, (score, note) in scores.items():
        item = items.get(item_id)
        if item is None:
            raise ValidationError(_("A scored checklist item no longer exists."))
        if score is None or not 0 <= score <= 100:
            raise ValidationError(
                {"score": _("“%(item)s”: give a score from 0 to 100.") % {"item": item.name}}
            )
        row = ChecklistScore.objects.filter(
            appraisal=appraisal, item=item
        ).first() or ChecklistScore(appraisal=appraisal, item=item)
        row.weight, row.score, row.note = item.weight, score, note
        row._history_user = by
        row.save()


def democratic_score(appraisal: Appraisal) -> Decimal | None:
    value = SurveyAnswer.objects.filter(response__appraisal=appraisal).aggregate(avg=Avg("rating"))[
        "avg"
    ]
    return None if value is None else Decimal(value).quantize(CENT, ROUND_HALF_UP)


def team_score(appraisal: Appraisal) -> Decimal | None:
    rows = list(appraisal.scores.values_list("weight", "score"))
    total = sum(weight for weight, _score in rows)
    if not total:
        return None
    return (sum(weight * score for weight, score in rows) / total).quantize(CENT, ROUND_HALF_UP)


def final_score(democratic: Decimal, team: Decimal, democratic_weight: int) -> Decimal:
    weighted = democratic * democratic_weight + team * (100 - democratic_weight)
    return (weighted / 100).quantize(CENT, ROUND_HALF_UP)


def grade_for(score: Decimal) -> str:
    """The best grade whose threshold the score reaches (thresholds are data)."""
    for threshold in GradeThreshold.objects.order_by("-min_score"):
        if score >= threshold.min_score:
            return threshold.grade
    raise ValidationError(_("No grade threshold covers a score of %(score)s.") % {"score": score})


def unscored_items(appraisal: Appraisal) -> list[str]:
    scored = appraisal.scores.values("item_id")
    return list(
        ChecklistItem.objects.filter(is_active=True)
        .exclude(pk__in=scored)
        .values_list("name", flat=True)
    )


@transaction.atomic
def appraisal_publish(
    *, appraisal: Appraisal, by, deadline=None, notice_text: str = ""
) -> Appraisal:
    """Compute the final score and grade, publish them to the unit, and issue a
    rectification notice when the unit is unqualified."""
    _require_assessor(by, appraisal)
    appraisal = Appraisal.objects.select_for_update().select_related("unit").get(pk=appraisal.pk)
    _require_open(appraisal)
    problems = []
    if missing := unscored_items(appraisal):
        problems.append(
            _("Score every checklist item; missing: %(items)s") % {"items": "、".join(missing)}
        )
    democratic, team = democratic_score(appraisal), team_score(appraisal)
    if democratic is None:
        problems.append(_("No democratic-appraisal questionnaire has been returned yet."))
    if problems:
        raise ValidationError(problems)
    appraisal.democratic_score, appraisal.team_score = democratic, team
    appraisal.final_score = final_score(democratic, team, appraisal.democratic_weight)
    appraisal.score_grade = grade_for(appraisal.final_score)
    appraisal.grade = appraisal.final_grade()
    if appraisal.grade == AppraisalGrade.UNQUALIFIED:
        _issue_notice(appraisal, deadline, notice_text, by)
    appraisal.status, appraisal.published_at, appraisal.published_by = (
        AppraisalStatus.PUBLISHED,
        timezone.now(),
        by,
    )
    appraisal._history_user = by
    appraisal.save()
    _announce(appraisal, by)
    return appraisal


def _issue_notice(appraisal: Appraisal, deadline, text: str, by) -> RectificationNotice:
    errors = {}
    if deadline is None:
        errors["deadline"] = _("An unqualified unit gets a rectification deadline: give the date.")
    elif deadline <= timezone.localdate():
        errors["deadline"] = _("The rectification deadline must be after today.")
    if not text.strip():
        errors["notice_text"] = _("Say what the unit must rectify.")
    if errors:
        raise ValidationError(errors)
    notice = RectificationNotice(
        unit=appraisal.unit,
        year=appraisal.year,
        appraisal=appraisal,
        issued_at=timezone.now(),
        deadline=deadline,
        text=text.strip(),
        issued_by=by,
    )
    notice.document = document_issue(
        kind=kinds.RECTIFICATION_NOTICE,
        unit=appraisal.unit,
        title="",
        addressee=appraisal.unit.name,
        body=notice_text(notice),
        by=by,
        check_access=False,  # the appraisal's assessors issue it (``_require_assessor``)
    )
    notice._history_user = by
    notice.save()
    return notice


def notice_text(notice: RectificationNotice) -> str:
    return "\n".join(
        [
            _("In the annual appraisal of %(year)d your unit was graded unqualified.")
            % {"year": notice.year},
            *notice.text.splitlines(),
            _("Report the result in writing by %(date)s.") % {"date": f"{notice.deadline:%Y-%m-%d}"},
        ]
    )


def _announce(appraisal: Appraisal, by) -> None:
    recipients = list(users_with(APPROVE, unit=appraisal.unit).exclude(pk=getattr(by, "pk", None)))
    if not recipients:
        return
    notify(
        recipients=recipients,
        title=_("Appraisal results for %(year)d published: %(grade)s")
        % {"year": appraisal.year, "grade": appraisal.get_grade_display()},
        body=_("%(unit)s scored %(score)s.")
        % {"unit": appraisal.unit, "score": appraisal.final_score},
        url=reverse("assessment:appraisal_detail", args=[appraisal.pk]),
    )
