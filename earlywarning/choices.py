from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceType(models.TextChoices):
    """Where a piece of warning information came from."""

    INSPECTION = "inspection", _("Inspection finding")
    OVERDUE_RECTIFICATION = "overdue_rectification", _("Overdue rectification")
    COMPLAINT = "complaint", _("Letters and visits / complaint")
    HOTLINE = "hotline", _("Hotline")
    OFFICER_REPORT = "officer_report", _("Information officer's report")
    APPRAISAL = "appraisal", _("Democratic appraisal")
    SELF_REPORT = "self_report", _("Self-report")
    MAJOR_MATTER = "major_matter", _("Major-matter pre-report late or missing")
    REPEAT_FINDING = "repeat_finding", _("Repeat finding")


class Verification(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    UNFOUNDED = "unfounded", _("Unfounded")


class Colour(models.TextChoices):
    """Warning colours of the 12-point scheme, mildest first."""

    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class Step(models.IntegerChoices):
    """The four disposal measures (预警处置四项措施), in the order a case climbs them."""

    REMINDER = 1, _("Reminder")
    INQUIRY = 2, _("Letter inquiry")
    INTERVIEW = 3, _("Interview")
    DISPOSAL = 4, _("Disposal")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    ESCALATED = "escalated", _("Escalated automatically")
    RAISED = "raised", _("Escalated by hand")
    LOWERED = "lowered", _("Stepped down")
    RECORDED = "recorded", _("Step record updated")
    CLOSED = "closed", _("Closed")


class NoticeKind(models.TextChoices):
    WARNING = "warning", _("Warning notice")
    RECTIFICATION = "rectification", _("Rectification notice")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted on time")
    LATE = "late", _("Submitted late")
    MISSING = "missing", _("Missing")
