"""Integrity opinions for cadre selection (廉政意见回复): the organisation department asks
about named people; discipline staff answer for each with a numbered, signed opinion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.historical import HistoricalRecords
from registry.models import Document, Person


class OpinionRequest(models.Model):
    asked_by = models.CharField(_("asked by"), max_length=100, default="区委组织部")
    letter_ref = models.CharField(_("their reference"), max_length=100, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=200, help_text=_("E.g. proposed promotion, annual commendation.")
    )
    received_on = models.DateField(_("received on"))
    people = models.ManyToManyField(Person, verbose_name=_("people"), related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[people])

    class Meta:
        verbose_name = _("integrity opinion request")
        verbose_name_plural = _("integrity opinion requests")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.asked_by} · {self.purpose}"


class OpinionReply(models.Model):
    """The signed opinion on one person: a numbered document kept in their file."""

    request = models.ForeignKey(
        OpinionRequest, on_delete=models.CASCADE, related_name="replies"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="opinion_reply"
    )

    class Meta:
        verbose_name = _("integrity opinion")
        verbose_name_plural = _("integrity opinions")
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="one_opinion_per_person")
        ]

    def __str__(self) -> str:
        return str(self.document)
