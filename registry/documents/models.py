"""Document kinds, issuers, the numbering counters and the documents themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.documents.dates import chinese_date
from registry.historical import HistoricalRecords
from registry.models.organisation import Person, Unit


class DocumentKind(models.Model):
    """A kind of official document (预警通知书, 廉政提醒卡, …) and the text it starts from."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=10,
        blank=True,
        help_text=_("Written before the year in the number, e.g. 预 in 明纪预〔2026〕第3号."),
    )
    body_template = models.TextField(
        _("body template"),
        blank=True,
        help_text=_(
            "The text a new document of this kind starts from; {unit} and {person} "
            "are replaced by its subject."
        ),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Read only by the subject's discipline-inspection staff, not by the unit."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def draft_body(self, *, unit=None, person=None) -> str:
        values = {"unit": unit.name if unit else "", "person": person.name if person else ""}
        text = self.body_template
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text


class DocumentIssuer(models.Model):
    """Who issues documents (发文机关): for the units of its district, or by default."""

    name = models.CharField(_("issuer"), max_length=100, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=10,
        blank=True,
        help_text=_("E.g. 明纪 in 明纪预〔2026〕第3号."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_issuers",
        help_text=_(
            "Its documents about units of this unit's district bear its name; "
            "leave empty for the issuer used where no other applies."
        ),
    )
    is_default = models.BooleanField(_("default issuer"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document issuer")
        verbose_name_plural = _("document issuers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_issuer"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DocumentCounter(models.Model):
    """The last number given for one kind, issuer and year; locked while numbering."""

    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey(DocumentIssuer, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "issuer", "year"], name="document_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind_id}/{self.issuer_id} {self.year}: {self.last_number}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from registry.scoping import scope_for

        scope = scope_for(user)
        if scope.sees_everything:
            return self
        return self.filter(scope.document_condition())


class Document(models.Model):
    """One issued document: numbered, about a unit (and perhaps a person), signed and dated."""

    kind = models.ForeignKey(
        DocumentKind, verbose_name=_("document kind"), on_delete=models.PROTECT, related_name="documents"
    )
    issuer = models.ForeignKey(
        DocumentIssuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    signature = models.CharField(_("signed by"), max_length=200)
    issued_on = models.DateField(_("date"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit concerned"), on_delete=models.PROTECT, related_name="documents"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuer", "year", "number"], name="document_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"

    @property
    def reference(self) -> str:
        prefix = f"{self.issuer.abbreviation}{self.kind.abbreviation}"
        return f"{prefix}〔{self.year}〕第{self.number}号"

    @property
    def date_in_words(self) -> str:
        return chinese_date(self.issued_on)

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]
