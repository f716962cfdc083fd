from django.db import models
from django.utils.translation import gettext_lazy as _


class Axis(models.TextChoices):
    LIKELIHOOD = "likelihood", _("Likelihood")
    HARM = "harm", _("Harm")


class Band(models.IntegerChoices):
    """Where an axis score falls: the matrix rows and columns."""

    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class MonitorBasis(models.TextChoices):
    """Why someone monitors a point (分级管理, 分级负责)."""

    UNIT_LEADER = "unit_leader", _("Unit main leader")
    INSPECTOR = "inspector", _("Discipline-inspection team")
    LEADER_IN_CHARGE = "leader_in_charge", _("Leader in charge")
    DEPARTMENT_HEAD = "department_head", _("Department head")


class RespondentKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    SERVICE_USER = "service_user", _("Service user")


class Rating(models.IntegerChoices):
    """The democratic-appraisal scale; the value is the rating's score out of 100."""

    GOOD = 100, _("Good")
    FAIRLY_GOOD = 80, _("Fairly good")
    AVERAGE = 60, _("Average")
    POOR = 0, _("Poor")


class AppraisalGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class AppraisalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Published")


class RegradeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
