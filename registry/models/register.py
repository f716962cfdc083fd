"""The risk register (风险库): risk points and their prevention measures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from registry.choices import (
    DefenceLine,
    DiscoveryMethod,
    MeasureStatus,
    RiskLevel,
    RiskPointStatus,
    RiskScope,
)
from registry.codes import normalise_code
from registry.historical import HistoricalRecords
from registry.models.organisation import Department, Person, Post, Unit


class RiskCategory(models.Model):
    """A risk type (思想道德, 制度机制, …): data an admin extends, not code."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    synonyms = models.CharField(
        _("synonyms"),
        max_length=500,
        blank=True,
        help_text=_("Other names used in ledgers, separated by commas."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk category")
        verbose_name_plural = _("risk categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class RiskPointQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view_register") -> "RiskPointQuerySet":
        """The points ``user`` may see, or act on with ``action`` (see registry.roles)."""
        from registry.scoping import restrict_risk_points

        return restrict_risk_points(self, user, action)

    def editable_by(self, user) -> "RiskPointQuerySet":
        return self.visible_to(user, "fill_register")

    def with_list_relations(self) -> "RiskPointQuerySet":
        return self.select_related(
            "unit", "department", "post", "category", "responsible_person", "supervisor"
        )


class RiskPoint(models.Model):
    """A link in the exercise of power where abuse for private gain could happen."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="risk_points",
        db_index=False,  # riskpoint_unit_level_id (unit, level, id) answers every lookup
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_points",
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_points",
    )
    scope = models.CharField(_("scope"), max_length=20, choices=RiskScope.choices)
    code = models.CharField(
        _("ledger code"),
        max_length=50,
        blank=True,
        help_text=_("The number the unit's ledger uses for this point, if any."),
    )
    name = models.CharField(_("risk point"), max_length=255)
    manifestation = models.TextField(_("manifestation"), blank=True)
    category = models.ForeignKey(
        RiskCategory,
        verbose_name=_("risk category"),
        on_delete=models.PROTECT,
        related_name="risk_points",
        db_index=False,  # riskpoint_category_id (category, id) answers every lookup
    )
    level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices)
    discovery_method = models.CharField(
        _("how it was found"),
        max_length=20,
        choices=DiscoveryMethod.choices,
        default=DiscoveryMethod.SELF,
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervising person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervising",
    )
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskPointStatus.choices, default=RiskPointStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("year registered"))
    remarks = models.TextField(_("remarks"), blank=True)
    status_changed_at = models.DateTimeField(_("status since"), null=True, blank=True)
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        help_text=_(
            "A point in effect is revised as a draft copy; it replaces the original when it takes effect."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # History is read by point (id), unit, user and date; an index on every other link
    # of every history row cost a ledger import a fifth of its time. The user link is
    # kept without a constraint, so history outlives a deleted user (as its name does).
    history = HistoricalRecords(
        no_db_index=[
            "department", "post", "category", "responsible_person", "supervisor", "revision_of"
        ],
        user_db_constraint=False,
    )  # fmt: skip
    objects = RiskPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["unit__path", "level", "id"]
        indexes = [
            models.Index(fields=["year", "status"]),
            # --- h16list: the register list's default order within a unit and each
            # sort column with the id that breaks its ties, so a page (and a seek to
            # a deep one) is an index range (registry.paging). Chinese substring
            # search has trigram indexes on PostgreSQL (migration, registry.search).
            models.Index(fields=["unit", "level", "id"], name="riskpoint_unit_level_id"),
            models.Index(fields=["name", "id"], name="riskpoint_name_id"),
            models.Index(fields=["level", "id"], name="riskpoint_level_id"),
            models.Index(fields=["status", "id"], name="riskpoint_status_id"),
            models.Index(fields=["year", "id"], name="riskpoint_year_id"),
            models.Index(fields=["updated_at", "id"], name="riskpoint_updated_id"),
            models.Index(fields=["category", "id"], name="riskpoint_category_id"),
        ]
        constraints = [
            # The scope decides which of department and post must be filled;
            # that they belong to ``unit`` is checked in ``clean``.
            models.CheckConstraint(
                name="riskpoint_scope_matches_links",
                condition=(
                    Q(scope=RiskScope.POST, post__isnull=False)
                    | Q(scope=RiskScope.DEPARTMENT, department__isnull=False, post__isnull=True)
                    | Q(scope=RiskScope.UNIT, department__isnull=True, post__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="riskpoint_level_is_1_2_or_3", condition=Q(level__in=[1, 2, 3])
            ),
            # The ledger code identifies a point within its unit (imports match on it);
            # "CZ-001" and "cz-001" are the same code (``registry.codes``).
            models.UniqueConstraint(
                "unit",
                Lower("code"),
                condition=~Q(code="") & Q(revision_of__isnull=True),
                name="riskpoint_code_unique_in_unit",
                violation_error_message=_(
                    "Another risk point of this unit already has this ledger code."
                ),
            ),
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=Q(revision_of__isnull=False),
                name="riskpoint_one_open_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.code = normalise_code(self.code)
        errors = self.scope_errors() | self.people_errors() | self.code_errors()
        if errors:
            raise ValidationError(errors)

    def code_errors(self) -> dict[str, str]:
        """The code another point of the unit already has, said with that point's name."""
        if not self.code or not self.unit_id or self.revision_of_id:
            return {}
        other = (
            RiskPoint.objects.filter(
                unit_id=self.unit_id, code__iexact=self.code, revision_of__isnull=True
            )
            .exclude(pk=self.pk)
            .first()
        )
        if other is None:
            return {}
        return {
            "code": _("The ledger code %(code)s is already used by “%(name)s” in this unit.")
            % {"code": other.code, "name": other.name}
        }

    def people_errors(self) -> dict[str, str]:
        """Who answers for a point works in its unit (or, for the supervisor, above it)."""
        errors = {}
        if not self.unit_id:
            return errors
        if self.responsible_person_id and self.responsible_person.unit_id != self.unit_id:
            errors["responsible_person"] = _("%(person)s works in another unit.") % {
                "person": self.responsible_person
            }
        if self.supervisor_id and not self.unit.path.startswith(self.supervisor.unit.path):
            errors["supervisor"] = _("%(person)s works in another unit.") % {
                "person": self.supervisor
            }
        return errors

    def scope_errors(self) -> dict[str, str]:
        """What is inconsistent between scope, unit, department and post."""
        errors: dict[str, str] = {}
        post = self.post if self.post_id else None
        department = self.department if self.department_id else None
        if self.scope == RiskScope.POST:
            if post is None:
                errors["post"] = _("A post risk point needs a post.")
            elif post.unit_id != self.unit_id:
                errors["post"] = _("The post %(post)s belongs to another unit.") % {"post": post}
            elif post.department_id != (department.pk if department else None):
                errors["department"] = _("The department must be the post's own department.")
        elif self.scope == RiskScope.DEPARTMENT:
            if department is None:
                errors["department"] = _("A department risk point needs a department.")
            elif department.unit_id != self.unit_id:
                errors["department"] = _(
                    "The department %(department)s belongs to another unit."
                ) % {"department": department}
            if post is not None:
                errors["post"] = _("A department risk point has no post.")
        elif self.scope == RiskScope.UNIT:
            if department is not None:
                errors["department"] = _("A unit risk point has no department.")
            if post is not None:
                errors["post"] = _("A unit risk point has no post.")
        return errors

    @property
    def level_label(self) -> str:
        return RiskLevel(self.level).label


class Measure(models.Model):
    """A prevention and control measure (防控措施), on one of three lines of defence."""

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="measures"
    )
    defence_line = models.CharField(
        _("line of defence"), max_length=20, choices=DefenceLine.choices
    )
    text = models.TextField(_("measure"))
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    # Read by point (risk_point_id), user and date: see RiskPoint.history.
    history = HistoricalRecords(no_db_index=["responsible_person"], user_db_constraint=False)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        person, point = self.responsible_person, self.risk_point if self.risk_point_id else None
        if person is not None and point is not None and person.unit_id != point.unit_id:
            raise ValidationError(
                {"responsible_person": _("%(person)s works in another unit.") % {"person": person}}
            )
