"""Warning and rectification notices: the case's side of a numbered document (〔2026〕第12号)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from earlywarning.choices import NoticeKind
from earlywarning.models.disposal import DisposalCase
from earlywarning.models.information import WarningInfo
from registry.historical import HistoricalRecords
from registry.models import Document, Unit


class Notice(models.Model):
    """A notice as issued: number, addressee, facts, required action and deadline."""

    kind = models.CharField(_("notice kind"), max_length=20, choices=NoticeKind.choices)
    # The number, issuer and printed text live on the document (registry.documents).
    document = models.OneToOneField(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="warning_notice",
        null=True,
    )
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
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self) -> str:
        return self.document.reference
