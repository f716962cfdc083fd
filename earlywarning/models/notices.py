"""Warning and rectification notices, numbered in a yearly series (〔2026〕第12号)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from earlywarning.choices import NoticeKind
from earlywarning.models.disposal import DisposalCase
from earlywarning.models.information import WarningInfo
from registry.models import Unit


class NoticeSeries(models.Model):
    """The last number given in one kind's series for one year; locked while numbering."""

    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="series_per_year")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class Notice(models.Model):
    """A notice as issued: number, addressee, facts, required action and deadline."""

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="warning_notices"
    )
    warning = models.ForeignKey(
        WarningInfo,
        verbose_name=_("warning information"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    case = models.ForeignKey(
        DisposalCase,
        verbose_name=_("disposal case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    issued_to = models.CharField(
        _("issued to"),
        max_length=300,
        help_text=_("The unit's leaders or the person the notice is addressed and delivered to."),
    )
    facts = models.TextField(_("facts"))
    required_action = models.TextField(_("required action"))
    deadline = models.DateField(_("deadline"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="notice_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="notice_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self) -> str:
        return f"〔{self.year}〕第{self.number}号"
