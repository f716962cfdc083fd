"""Filing upward (备案): a unit's list, as it took effect, filed with the leading-group office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.historical import HistoricalRecords
from registry.models import Unit


class FilingDeadline(models.Model):
    """The district's deadline for a year's lists (the pilot's 10 April)."""

    district = models.ForeignKey(
        Unit, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("file by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("filing deadline")
        verbose_name_plural = _("filing deadlines")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="one_filing_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.district} · {self.year}"


class Filing(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="filings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    filed_on = models.DateField(_("filed on"))
    due_on = models.DateField(_("file by"), null=True, blank=True)
    receipt = models.CharField(_("receipt number"), max_length=100, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    snapshot = models.JSONField(_("list as filed"), default=list)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_filing_per_list")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    @property
    def is_late(self) -> bool:
        return bool(self.due_on and self.filed_on > self.due_on)
