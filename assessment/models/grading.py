"""The grading model (factors, options, bands, matrix) and each point's grading.

A ``GradingModel`` is a version: factors with scored options on two axes,
thresholds that put an axis score into a band, and a likelihood × harm
matrix of levels. Once a cycle's grading that used a version is approved the
version is frozen, so last year's grades keep explaining themselves; changes
go into a new version (``assessment.grading.grading_model_copy``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessment.choices import Axis, Band, RegradeStatus
from registry.choices import RiskLevel
from registry.historical import HistoricalRecords
from registry.models import RiskPoint


class GradingModel(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("New gradings use the current version.")
    )
    notes = models.TextField(_("notes"), blank=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    frozen_reason = models.CharField(_("why frozen"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading model")
        verbose_name_plural = _("grading models")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="grading_model_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_model"
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s, version %(version)d") % {"name": self.name, "version": self.version}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def refresh_frozen(self) -> bool:
        """Freeze this version once any point graded with it is approved (on notice or later)."""
        from registry.services import FROZEN_STATUSES

        if self.is_frozen or not self.pk:
            return self.is_frozen
        if PointGrading.objects.filter(
            grading_model=self, point__status__in=FROZEN_STATUSES
        ).exists():
            self.frozen_at = timezone.now()
            self.frozen_reason = gettext("Grades made with it were approved.")
            self._history_user = None
            self.save(update_fields=["frozen_at", "frozen_reason"])
        return self.is_frozen


class FrozenGuard(models.Model):
    """Parts of a frozen version cannot change: the old grades depend on them."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._refuse_if_frozen()

    def owning_model(self) -> GradingModel:
        return self.grading_model

    def _refuse_if_frozen(self) -> None:
        model = self.owning_model()
        if model is not None and model.refresh_frozen():
            raise ValidationError(
                _("%(model)s is frozen: approved grades use it. Make a new version to change it.")
                % {"model": model}
            )


class Factor(FrozenGuard):
    grading_model = models.ForeignKey(
        GradingModel,
        verbose_name=_("grading model"),
        on_delete=models.CASCADE,
        related_name="factors",
    )
    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    help_text = models.TextField(_("guidance"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading factor")
        verbose_name_plural = _("grading factors")
        ordering = ["grading_model", "axis", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grading_model", "code"], name="factor_code_in_model")
        ]

    def __str__(self) -> str:
        return self.name


class FactorOption(FrozenGuard):
    factor = models.ForeignKey(
        Factor, verbose_name=_("factor"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("option"), max_length=200)
    score = models.PositiveSmallIntegerField(_("score"))
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("factor option")
        verbose_name_plural = _("factor options")
        ordering = ["factor", "sort_order", "score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["factor", "code"], name="option_code_in_factor")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.score})"

    def owning_model(self) -> GradingModel:
        return self.factor.grading_model


class AxisBand(FrozenGuard):
    """An axis score of at least ``min_score`` falls in ``band`` (the highest that applies)."""

    grading_model = models.ForeignKey(
        GradingModel,
        verbose_name=_("grading model"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    band = models.PositiveSmallIntegerField(_("band"), choices=Band.choices)
    min_score = models.PositiveSmallIntegerField(_("from score"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axis band")
        verbose_name_plural = _("axis bands")
        ordering = ["grading_model", "axis", "band"]
        constraints = [
            models.UniqueConstraint(fields=["grading_model", "axis", "band"], name="band_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_axis_display()} {self.get_band_display()} ≥ {self.min_score}"


class MatrixCell(FrozenGuard):
    grading_model = models.ForeignKey(
        GradingModel,
        verbose_name=_("grading model"),
        on_delete=models.CASCADE,
        related_name="cells",
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Band.choices)
    harm = models.PositiveSmallIntegerField(_("harm"), choices=Band.choices)
    level = models.PositiveSmallIntegerField(_("risk level"), choices=RiskLevel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matrix cell")
        verbose_name_plural = _("matrix cells")
        ordering = ["grading_model", "-likelihood", "harm"]
        constraints = [
            models.UniqueConstraint(
                fields=["grading_model", "likelihood", "harm"], name="matrix_cell_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_likelihood_display()} × {self.get_harm_display()} → {self.level}"


class PointGrading(models.Model):
    """The recorded factor answers of a risk point and the level they give.

    ``RiskPoint.level`` holds the effective level (the override if any,
    else the computed one); this row keeps why.
    """

    point = models.OneToOneField(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="grading"
    )
    grading_model = models.ForeignKey(
        GradingModel, verbose_name=_("grading model"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.ManyToManyField(FactorOption, verbose_name=_("answers"), related_name="+")
    likelihood_score = models.PositiveSmallIntegerField(_("likelihood score"))
    harm_score = models.PositiveSmallIntegerField(_("harm score"))
    likelihood_band = models.PositiveSmallIntegerField(_("likelihood"), choices=Band.choices)
    harm_band = models.PositiveSmallIntegerField(_("harm"), choices=Band.choices)
    computed_level = models.PositiveSmallIntegerField(
        _("computed level"), choices=RiskLevel.choices
    )
    override_level = models.PositiveSmallIntegerField(
        _("overridden level"), choices=RiskLevel.choices, null=True, blank=True
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded"))

    # The answers as read when graded ("factor: option (score)"), so history shows them.
    answer_summary = models.JSONField(_("answers"), default=list, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading of a risk point")
        verbose_name_plural = _("gradings of risk points")
        indexes = [models.Index(fields=["grading_model"])]
        constraints = [
            models.CheckConstraint(
                name="override_has_reason",
                condition=Q(override_level__isnull=True) | ~Q(override_reason=""),
            )
        ]

    def __str__(self) -> str:
        return str(self.point)

    @property
    def level(self) -> int:
        return self.override_level or self.computed_level

    @property
    def is_overridden(self) -> bool:
        return self.override_level is not None


class RegradeRun(models.Model):
    """One bulk regrade after a model change; the task reports its progress here."""

    grading_model = models.ForeignKey(
        GradingModel, verbose_name=_("grading model"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegradeStatus.choices, default=RegradeStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("points"), default=0)
    done = models.PositiveIntegerField(_("regraded"), default=0)
    changed = models.PositiveIntegerField(_("level changed"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("bulk regrade")
        verbose_name_plural = _("bulk regrades")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.grading_model} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)
