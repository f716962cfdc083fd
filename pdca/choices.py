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


class RectificationSource(models.TextChoices):
    INSPECTION = "inspection", _("Sampling inspection finding")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice after appraisal")
    OTHER = "other", _("Other")
