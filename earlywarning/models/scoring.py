"""The 12-point deduction scheme (12分扣分制): rules, colour thresholds, deductions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from earlywarning.choices import Colour, SourceType
from earlywarning.models.information import OfficerReport, WarningInfo
from registry.historical import HistoricalRecords
from registry.models import Person, Unit

FULL_SCORE = 12


class DeductionRule(models.Model):
    """How many points a kind of verified problem costs: data an admin edits."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    points = models.PositiveSmallIntegerField(
        _("points deducted"), validators=[MinValueValidator(1)]
    )
    source_type = models.CharField(
        _("applies by default to"),
        max_length=30,
        choices=SourceType.choices,
        blank=True,
        help_text=_("Verified warning information from this source is scored with this rule."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deduction rule")
        verbose_name_plural = _("deduction rules")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=1), name="rule_deducts_points"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（−{self.points}）"


class ColourThreshold(models.Model):
    """From how many deducted points in a year a unit or person is warned in a colour."""

    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, unique=True)
    min_points = models.PositiveSmallIntegerField(
        _("from points deducted"), validators=[MinValueValidator(1)]
    )
    handling = models.TextField(_("prescribed handling"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("warning colour threshold")
        verbose_name_plural = _("warning colour thresholds")
        ordering = ["min_points"]
        constraints = [
            models.UniqueConstraint(fields=["min_points"], name="threshold_points_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} ≥ {self.min_points}"


class Deduction(models.Model):
    """Points taken from a unit (``person`` empty) or from a person, citing rule and source."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="deductions"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deductions",
    )
    rule = models.ForeignKey(
        DeductionRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the rule: changing a rule later does not rewrite past totals.
    points = models.PositiveSmallIntegerField(_("points"))
    warning = models.ForeignKey(
        WarningInfo,
        verbose_name=_("warning information"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deductions",
    )
    officer_report = models.ForeignKey(
        OfficerReport,
        verbose_name=_("officer's monthly report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deductions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(warning__isnull=False, officer_report__isnull=True)
                | Q(warning__isnull=True, officer_report__isnull=False),
                name="deduction_cites_one_source",
            ),
            # A source costs a unit, or a person, its points once.
            models.UniqueConstraint(
                fields=["warning", "unit"],
                condition=Q(warning__isnull=False, person__isnull=True),
                name="deduction_once_per_warning_unit",
            ),
            models.UniqueConstraint(
                fields=["warning", "person"],
                condition=Q(warning__isnull=False, person__isnull=False),
                name="deduction_once_per_warning_person",
            ),
            models.UniqueConstraint(
                fields=["officer_report"],
                condition=Q(officer_report__isnull=False),
                name="deduction_once_per_report",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["person", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} −{self.points}"
