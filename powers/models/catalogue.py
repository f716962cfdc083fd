"""The power list (权力清单): categories, power items and their decomposition onto posts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from powers.choices import PostRole, PowerStatus
from registry.historical import HistoricalRecords
from registry.models import Department, Post, Unit
from registry.roles import VIEW


class PowerCategory(models.Model):
    """A kind of power (行政许可, 行政处罚, …): data an admin extends, not code."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    synonyms = models.CharField(
        _("synonyms"),
        max_length=500,
        blank=True,
        help_text=_("Other names used in ledgers, separated by commas."),
    )
    has_discretion = models.BooleanField(
        _("usually discretionary"),
        default=False,
        help_text=_("Powers of this kind usually need discretion standards (penalties, levies)."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("power category")
        verbose_name_plural = _("power categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """The name and its synonyms, as ledgers may spell them."""
        return [self.name, *(s.strip() for s in self.synonyms.split(",") if s.strip())]


class PowerItemQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW) -> "PowerItemQuerySet":
        """Powers of the units the user reaches (registry.scoping decides which)."""
        from registry.scoping import scope_for, visible_units

        if scope_for(user).sees_everything:
            return self
        return self.filter(unit__in=visible_units(user, action))

    def with_list_relations(self) -> "PowerItemQuerySet":
        return self.select_related("unit", "category", "department")


class PowerItem(models.Model):
    """One power a unit exercises (一项权力事项)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="powers"
    )
    code = models.CharField(_("item code"), max_length=50)
    name = models.CharField(_("power"), max_length=255)
    category = models.ForeignKey(
        PowerCategory,
        verbose_name=_("power category"),
        on_delete=models.PROTECT,
        related_name="powers",
    )
    content = models.TextField(_("content"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    service_object = models.CharField(_("service object"), max_length=255, blank=True)
    handling_body = models.CharField(_("handling body"), max_length=255, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="powers",
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), null=True, blank=True
    )
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=50, blank=True)
    is_major = models.BooleanField(
        _("major matter"),
        default=False,
        help_text=_("Major matters (重大事项) must be decided collectively."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PowerStatus.choices, default=PowerStatus.IN_FORCE
    )
    remarks = models.TextField(_("remarks"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = PowerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("power item")
        verbose_name_plural = _("power items")
        ordering = ["unit__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="power_code_unique_in_unit")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.department_id and self.unit_id and self.department.unit_id != self.unit_id:
            raise ValidationError(
                {"department": _("The department belongs to another unit than the power.")}
            )
        self.code = self.code.strip()
        if self.code and self.unit_id:
            clash = PowerItem.objects.filter(unit_id=self.unit_id, code=self.code)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "code": _("The item code %(code)s is already used in this unit.")
                        % {"code": self.code}
                    }
                )


class PowerPost(models.Model):
    """A post that exercises a power, and its role in it (分解到岗)."""

    power = models.ForeignKey(
        PowerItem, verbose_name=_("power"), on_delete=models.CASCADE, related_name="assignments"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="power_assignments"
    )
    role = models.CharField(_("role in the power"), max_length=20, choices=PostRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post exercising a power")
        verbose_name_plural = _("posts exercising powers")
        ordering = ["power", "role", "post__name"]
        constraints = [
            models.UniqueConstraint(fields=["power", "post", "role"], name="powerpost_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.power_id and self.post_id and self.post.unit_id != self.power.unit_id:
            raise ValidationError({"post": _("The post belongs to another unit than the power.")})
