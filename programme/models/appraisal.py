"""Which appraisal checklist items (assessment) are scored from the programme's records.

The link is kept on this side, since assessment must not know the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import ChecklistItem
from registry.historical import HistoricalRecords


class RecordMeasure(models.TextChoices):
    EDUCATION = "education", _("Education activities held (against the target)")
    RULES = "rules", _("Rules made, revised or abolished (against the target)")
    LETTERS = "letters", _("Letters collected signed (collection rate)")
    FILING = "filing", _("List filed upward on time")


class RecordedItem(models.Model):
    item = models.OneToOneField(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.CASCADE,
        related_name="programme_source",
    )
    measure = models.CharField(_("scored from"), max_length=20, choices=RecordMeasure.choices)
    target = models.PositiveSmallIntegerField(
        _("target per year"),
        default=1,
        help_text=_("Full marks when the unit reaches this count (education and rules)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item scored from records")
        verbose_name_plural = _("checklist items scored from records")

    def __str__(self) -> str:
        return f"{self.item} ← {self.get_measure_display()}"
