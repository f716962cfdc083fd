from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.organisation import Unit


class LedgerCodeSequence(models.Model):
    """The last ledger-code number a unit gave out in a year (``registry.codes``).

    Taken under a row lock inside the transaction that saves the point, so two
    people saving at once get consecutive numbers and a rolled-back save gives
    its number back: the numbers have no gaps.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("ledger code sequence")
        verbose_name_plural = _("ledger code sequences")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="ledger_code_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"
