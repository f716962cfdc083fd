"""Rule building (建章立制): a unit's rules, their changes, and the plan to revise them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.choices import RuleChangeKind
from registry.historical import HistoricalRecords
from registry.models import Measure, Person, RiskPoint, Unit


class Rule(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rules"
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    risk_points = models.ManyToManyField(
        RiskPoint, verbose_name=_("risk points it closes"), blank=True, related_name="rules"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures it puts in force"), blank=True, related_name="rules"
    )
    in_force = models.BooleanField(_("in force"), default=True)

    history = HistoricalRecords(m2m_fields=[risk_points, measures])

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["unit__path", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="rule_title_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.title


class RuleChange(models.Model):
    """Made, revised or abolished on a date: the yearly counts are counted from these."""

    rule = models.ForeignKey(
        Rule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=20, choices=RuleChangeKind.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule change")
        verbose_name_plural = _("rule changes")
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.rule} · {self.get_kind_display()} · {self.on:%Y-%m-%d}"


class RevisionPlan(models.Model):
    """Who revises what by when; the daily sweep flags a plan past its deadline."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rule_plans"
    )
    rule = models.ForeignKey(
        Rule,
        verbose_name=_("rule"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plans",
    )
    task = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="rule_plans"
    )
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revision plan")
        verbose_name_plural = _("revision plans")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.task
