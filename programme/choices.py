from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    COMMITMENT = "commitment", _("Integrity commitment letter")
    RESPONSIBILITY = "responsibility", _("Responsibility letter")


class LetterLevel(models.TextChoices):
    """Responsibility letters go level by level (层层签订)."""

    STAFF = "staff", _("Staff")
    LEADER_IN_CHARGE = "leader_in_charge", _("Leadership team to leader in charge")
    DEPARTMENT_HEAD = "department_head", _("Leader in charge to department head")


class RuleChangeKind(models.TextChoices):
    NEW = "new", _("Newly made")
    REVISED = "revised", _("Revised")
    ABOLISHED = "abolished", _("Abolished")
