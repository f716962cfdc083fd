"""Discretion standards (自由裁量基准): graded bands, e.g. three levels × three grades."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from powers.choices import DiscretionTier
from powers.models.catalogue import PowerItem
from registry.historical import HistoricalRecords


class DiscretionBand(models.Model):
    """One band: the facts that place a case in it and the range allowed there.

    Ranges are closed intervals; bands of one power may meet at a boundary
    ("3,000 yuan or more" after "up to 3,000 yuan") but not overlap.
    """

    power = models.ForeignKey(
        PowerItem,
        verbose_name=_("power"),
        on_delete=models.CASCADE,
        related_name="discretion_bands",
    )
    tier = models.PositiveSmallIntegerField(_("level"), choices=DiscretionTier.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), default=1)
    facts = models.TextField(_("facts of the case"))
    minimum = models.DecimalField(_("from"), max_digits=14, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("to"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_unit = models.CharField(
        _("unit of the range"),
        max_length=20,
        blank=True,
        help_text=_("元, 倍 (times the amount owed), % …"),
    )
    measure = models.CharField(
        _("measure"),
        max_length=255,
        blank=True,
        help_text=_("The penalty or measure when it is not (only) an amount, e.g. 警告."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discretion band")
        verbose_name_plural = _("discretion bands")
        ordering = ["power", "tier", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["power", "tier", "grade"], name="discretionband_unique_grade"
            ),
            models.CheckConstraint(
                name="discretionband_minimum_not_above_maximum",
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.grade}"

    @property
    def has_range(self) -> bool:
        return self.minimum is not None or self.maximum is not None

    def overlaps(self, other: "DiscretionBand") -> bool:
        """Whether two amount ranges share more than a boundary point."""
        if not (self.has_range and other.has_range) or self.amount_unit != other.amount_unit:
            return False
        low = max(self.minimum or Decimal("-Infinity"), other.minimum or Decimal("-Infinity"))
        high = min(self.maximum or Decimal("Infinity"), other.maximum or Decimal("Infinity"))
        if low == high:
            # Touching at a boundary is fine, unless a band is that single amount.
            return self._is_point() or other._is_point()
        return low < high

    def _is_point(self) -> bool:
        return self.minimum is not None and self.minimum == self.maximum

    def clean(self) -> None:
        errors = {}
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            errors["maximum"] = _("The upper end of the range is below its lower end.")
        if not self.has_range and not self.measure.strip():
            errors["measure"] = _("Give a range, a measure, or both.")
        if errors:
            raise ValidationError(errors)
        if self.power_id:
            self._check_against_siblings()

    def _check_against_siblings(self) -> None:
        siblings = DiscretionBand.objects.filter(power_id=self.power_id).exclude(pk=self.pk)
        for other in siblings:
            if (other.tier, other.grade) == (self.tier, self.grade):
                raise ValidationError(
                    {"grade": _("This power already has a band %(band)s.") % {"band": other}}
                )
            if self.overlaps(other):
                raise ValidationError(
                    _("The range overlaps band %(band)s (%(range)s).")
                    % {"band": other, "range": other.range_label}
                )

    @property
    def range_label(self) -> str:
        def fmt(value: Decimal) -> str:
            return f"{value.normalize():f}"

        unit = self.amount_unit
        if self.minimum is not None and self.maximum is not None:
            return f"{fmt(self.minimum)}–{fmt(self.maximum)} {unit}".strip()
        if self.minimum is not None:
            return f"≥ {fmt(self.minimum)} {unit}".strip()
        if self.maximum is not None:
            return f"≤ {fmt(self.maximum)} {unit}".strip()
        return ""
