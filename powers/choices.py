from django.db import models
from django.utils.translation import gettext_lazy as _


class PowerStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    ABOLISHED = "abolished", _("Abolished")


class PostRole(models.TextChoices):
    """What a post does in a power (分解到岗)."""

    UNDERTAKE = "undertake", _("Undertake")
    REVIEW = "review", _("Review")
    APPROVE = "approve", _("Approve")
    SUPERVISE = "supervise", _("Supervise")


class DiscretionTier(models.IntegerChoices):
    """The three levels of 三级九档: how serious the facts of a case are."""

    MINOR = 1, _("Minor")
    GENERAL = 2, _("General")
    SERIOUS = 3, _("Serious")


class CoverageGap(models.TextChoices):
    """The gaps the coverage report counts; also filters of the power list."""

    NO_RISK = "no_risk", _("No risk point on any step")
    MAJOR_UNCOVERED = "major_uncovered", _("Major matter without a level-1 or level-2 point")
    NO_STEPS = "no_steps", _("No process flow")
