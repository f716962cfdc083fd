from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The four stages of the annual cycle (PDCA)."""

    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")


class Milestone(models.TextChoices):
    """What a deadline is for; the dashboard knows how to tell whether a unit met it."""

    RISK_LISTS = "risk_lists", _("Risk lists submitted")
    MEASURES = "measures", _("Measures approved and filed")
    SELF_EXAMINATION = "self_examination", _("Self-examination report in")
    OTHER = "other", _("Other")


class ReviewDecision(models.TextChoices):
    """What became of a point carried into a new cycle."""

    PENDING = "pending", _("Not reviewed yet")
    CONFIRMED = "confirmed", _("Confirmed")
    REVISED = "revised", _("Revision opened")
    RETIRED = "retired", _("Retired")


class InspectionStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class CheckResult(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    CARRIED_OUT = "carried_out", _("Carried out")
    PARTLY = "partly", _("Partly carried out")
    NOT_CARRIED_OUT = "not_carried_out", _("Not carried out")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SIGNIFICANT = "significant", _("Significant")
    SERIOUS = "serious", _("Serious")


class RectificationStatus(models.TextChoices):
    """限期整改 → 销号: open → evidence submitted → verified → closed."""

    OPEN = "open", _("Open")
    EVIDENCE_SUBMITTED = "evidence_submitted", _("Evidence submitted")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")


class SourceKind(models.TextChoices):
    """What a rectification source is, which decides where its findings are entered."""

    DRAW = "draw", _("Quarterly sampling draw")
    PLANNED = "planned", _("Inspection planned by discipline staff")
    RECORDED = "recorded", _("Finding recorded from outside")
    NOTICE = "notice", _("Rectification notice after appraisal")


class RectificationSource:
    """Codes of the seeded sources (``pdca.FindingSource``) the code itself refers to;
    the sources are data, these are only their keys."""

    INSPECTION = "inspection"  # 季度抽查
    SPECIAL = "special"  # 专项检查
    UNANNOUNCED = "unannounced"  # 明察暗访
    PATROL = "patrol"  # 巡察
    AUDIT = "audit"  # 审计
    COMPLIANCE = "compliance"  # 合规审查
    RECTIFICATION_NOTICE = "rectification_notice"  # 考核整改通知
    OTHER = "other"  # 其他
