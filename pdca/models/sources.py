"""Where rectification comes from (整改来源): the quarterly draw, special inspections,
unannounced checks, patrols, audits, compliance reviews, appraisal notices — data an
admin extends, not code."""

from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.utils.translation import gettext_lazy as _

from pdca.choices import RectificationSource, SourceKind
from registry.historical import HistoricalRecords


class FindingSourceQuerySet(models.QuerySet):
    def active(self) -> "FindingSourceQuerySet":
        return self.filter(is_active=True)

    def planned(self) -> "FindingSourceQuerySet":
        """Sources discipline staff plan an inspection for (专项检查, 明察暗访)."""
        return self.active().filter(kind=SourceKind.PLANNED)

    def recorded(self) -> "FindingSourceQuerySet":
        """Sources whose findings are recorded as they arrive (巡察, 审计, 合规审查, …)."""
        return self.active().filter(kind=SourceKind.RECORDED)


class FindingSource(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Fixed once used: findings and rectification items refer to it."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = FindingSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification source")
        verbose_name_plural = _("rectification sources")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


def default_source() -> int:
    """The quarterly draw's source: what inspections and findings were before planning."""
    return FindingSource.objects.only("pk").get(code=RectificationSource.INSPECTION).pk


class _CodeDescriptor(ForwardManyToOneDescriptor):
    """Also accepts a source's code (``item.source = "audit"``), as the origin was set
    when it was a fixed choice."""

    def __set__(self, instance, value) -> None:
        if isinstance(value, str):
            value = FindingSource.objects.get(code=value)
        super().__set__(instance, value)


class SourceField(models.ForeignKey):
    """A foreign key to a ``FindingSource`` that may be set by the source's code."""

    forward_related_accessor_class = _CodeDescriptor

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("to", "pdca.FindingSource")
        kwargs.setdefault("on_delete", models.PROTECT)
        kwargs.setdefault("verbose_name", _("origin"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs
