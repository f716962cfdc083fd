from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District / company")
    ORGAN = "organ", _("Party or government organ")
    INSTITUTION = "institution", _("Public institution")
    ENTERPRISE = "enterprise", _("State-owned enterprise")


class RiskScope(models.TextChoices):
    POST = "post", _("Post")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit (leadership team)")


class RiskLevel(models.IntegerChoices):
    HIGH = 1, _("Level 1")
    MEDIUM = 2, _("Level 2")
    LOW = 3, _("Level 3")


class DiscoveryMethod(models.TextChoices):
    SELF = "self", _("Found by self")
    PUBLIC = "public", _("Pointed out by the public")
    LEADERS = "leaders", _("Raised by leaders")
    COLLECTIVE = "collective", _("Collective review")
    ORGANISATION = "organisation", _("Organisation review")


class RiskPointStatus(models.TextChoices):
    """Where a point stands in the review and approval of its unit's list (三上三下)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DEPARTMENT_REVIEWED = "dept_reviewed", _("Reviewed by the department head")
    LEADER_REVIEWED = "leader_reviewed", _("Reviewed by the leader in charge")
    ON_NOTICE = "on_notice", _("On public notice")
    ACTIVE = "active", _("In effect")
    RETIRED = "retired", _("Retired")


class DefenceLine(models.TextChoices):
    PREVENTION = "prevention", _("Prior prevention")
    MONITORING = "monitoring", _("In-process monitoring")
    DISPOSAL = "disposal", _("After-the-fact disposal")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Carried out")


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Discipline-inspection staff")
    UNIT_LEADER = "unit_leader", _("Unit main leader")
    LEADER_IN_CHARGE = "leader_in_charge", _("Leader in charge")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    POST_HOLDER = "post_holder", _("Post holder")
    LEADING_GROUP = "leading_group", _("Leading-group member")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class ProposalState(models.TextChoices):
    """A role the directory's groups propose (registry.directory.proposals)."""

    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    # The directory no longer lists the group before anyone decided.
    WITHDRAWN = "withdrawn", pgettext_lazy("role proposal", "Withdrawn")
