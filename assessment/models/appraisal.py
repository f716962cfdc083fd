"""The annual appraisal of units (考核): self-examination, democratic appraisal,
the assessment team's checklist, vetoes (一票否决), the final grade, what the grade
means for honours (评先评优), and rectification notices."""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessment.choices import AppraisalGrade, AppraisalStatus, Rating, RespondentKind
from registry.historical import HistoricalRecords
from registry.models import Document, Unit
from registry.uploads import RandomName, UploadValidator

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ChecklistItem(models.Model):
    """A line of the assessment team's weighted checklist; data an admin edits."""

    name = models.CharField(_("checklist item"), max_length=200, unique=True)
    description = models.TextField(_("what to check"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1)])
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class SurveyQuestion(models.Model):
    """A question of the democratic appraisal (民主测评), rated on ``Rating``."""

    text = models.CharField(_("question"), max_length=300, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal question")
        verbose_name_plural = _("appraisal questions")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text


class GradeThreshold(models.Model):
    """A final score of at least ``min_score`` earns ``grade`` (the best that applies)."""

    grade = models.CharField(_("grade"), max_length=20, choices=AppraisalGrade.choices, unique=True)
    min_score = models.DecimalField(
        _("from score"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade threshold")
        verbose_name_plural = _("grade thresholds")
        ordering = ["-min_score"]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} ≥ {self.min_score}"


class VetoRule(models.Model):
    """An item of 一票否决: a fact that makes a unit's appraisal unqualified whatever its
    score. Data an admin edits; seeded with the common items."""

    name = models.CharField(_("veto item"), max_length=200, unique=True)
    description = models.TextField(_("what it covers"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veto item")
        verbose_name_plural = _("veto items")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class HonoursEligibility:
    """Whether a unit may be put forward for 评先评优 in a year, and why (or why not)."""

    eligible: bool
    reason: str


class AppraisalQuerySet(models.QuerySet):
    def with_vetoes(self) -> "AppraisalQuerySet":
        """Each appraisal's standing vetoes (with their rules) in one more query, for lists."""
        standing = AppraisalVeto.objects.standing().select_related("rule")
        return self.prefetch_related(Prefetch("vetoes", standing, to_attr="standing_vetoes"))


class Appraisal(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="appraisals"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=AppraisalStatus.choices, default=AppraisalStatus.OPEN
    )
    self_report = models.TextField(_("self-examination report"), blank=True)
    self_report_at = models.DateTimeField(_("report submitted"), null=True, blank=True)
    democratic_weight = models.PositiveSmallIntegerField(
        _("weight of the democratic appraisal (%)"), default=30, validators=PERCENT
    )
    democratic_score = models.DecimalField(
        _("democratic appraisal score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    team_score = models.DecimalField(
        _("assessment team score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    final_score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score_grade = models.CharField(
        _("grade by score"), max_length=20, choices=AppraisalGrade.choices, blank=True
    )
    # The final grade (``final_grade``): kept so that lists and reports read it in a query.
    grade = models.CharField(_("grade"), max_length=20, choices=AppraisalGrade.choices, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual appraisal")
        verbose_name_plural = _("annual appraisals")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_appraisal_per_unit_year")
        ]

    def __str__(self) -> str:
        return _("Appraisal of %(unit)s, %(year)d") % {"unit": self.unit, "year": self.year}

    @property
    def team_weight(self) -> int:
        return 100 - self.democratic_weight

    @property
    def is_published(self) -> bool:
        return self.status == AppraisalStatus.PUBLISHED

    @cached_property
    def standing_vetoes(self) -> list["AppraisalVeto"]:
        """Vetoes not withdrawn. ``Appraisal.objects.with_vetoes()`` fetches them for a list
        in one query (Django's own ``cached_property``, which prefetching recognises)."""
        return list(self.vetoes.standing().select_related("rule"))

    def forget_vetoes(self) -> None:
        self.__dict__.pop("standing_vetoes", None)

    @property
    def is_vetoed(self) -> bool:
        return bool(self.standing_vetoes)

    def final_grade(self) -> str:
        """The grade, decided here and nowhere else: unqualified while a veto stands,
        whatever the score; otherwise the grade the score earned (blank until published).
        Services store it in ``grade`` whenever the score or a veto changes."""
        if self.is_vetoed:
            return AppraisalGrade.UNQUALIFIED
        return self.score_grade

    @property
    def shows_grade(self) -> bool:
        """A grade shows once the results are published, or as soon as a veto decides it."""
        return bool(self.grade) and (self.is_published or self.is_vetoed)

    def honours_eligibility(self) -> HonoursEligibility:
        """A unit graded unqualified for the year, by its score or by a veto, may not be
        put forward for 评先评优 that year."""
        if self.is_vetoed:
            return HonoursEligibility(
                False,
                gettext("Vetoed: %(items)s")
                % {"items": "；".join(v.rule.name for v in self.standing_vetoes)},
            )
        if not self.is_published:
            return HonoursEligibility(
                True, gettext("The %(year)d appraisal is not published yet.") % {"year": self.year}
            )
        if self.grade == AppraisalGrade.UNQUALIFIED:
            return HonoursEligibility(
                False,
                gettext("Graded unqualified in the %(year)d appraisal (score %(score)s).")
                % {"year": self.year, "score": self.final_score},
            )
        return HonoursEligibility(
            True,
            gettext("Graded %(grade)s in the %(year)d appraisal.")
            % {"grade": self.get_grade_display(), "year": self.year},
        )


class AppraisalAttachment(models.Model):
    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        upload_to=RandomName("appraisal"),
        validators=[UploadValidator("appraisal")],
        max_length=255,
    )
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class VetoQuerySet(models.QuerySet):
    def standing(self) -> "VetoQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class AppraisalVeto(models.Model):
    """一票否决 applied to a unit's appraisal: while it stands, the grade is unqualified
    whatever the score. Withdrawn, not deleted, so the record and the reason stay."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="vetoes"
    )
    rule = models.ForeignKey(
        VetoRule, verbose_name=_("veto item"), on_delete=models.PROTECT, related_name="vetoes"
    )
    facts = models.TextField(_("facts"))
    evidence = models.FileField(
        _("evidence"),
        upload_to=RandomName("appraisal"),
        validators=[UploadValidator("appraisal")],
        max_length=255,
        blank=True,
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    history = HistoricalRecords()

    objects = VetoQuerySet.as_manager()

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("vetoes")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.appraisal} · {self.rule}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class AppraisalLink(models.Model):
    """A one-time democratic-appraisal link. Only a hash of its token is stored,
    and the response it produces is not linked back to it (anonymity)."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(_("respondent"), max_length=20, choices=RespondentKind.choices)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("appraisal link")
        verbose_name_plural = _("appraisal links")
        indexes = [models.Index(fields=["appraisal", "used"])]

    def __str__(self) -> str:
        return f"{self.appraisal} · {self.get_kind_display()}"


class SurveyResponse(models.Model):
    """One anonymous questionnaire: no link, no user, no time."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField(_("respondent"), max_length=20, choices=RespondentKind.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("appraisal response")
        verbose_name_plural = _("appraisal responses")

    def __str__(self) -> str:
        return f"{self.appraisal} · {self.get_kind_display()}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.rating}"


class ChecklistScore(models.Model):
    """The team's score (0–100) on one checklist item; the weight is copied so
    later edits of the checklist do not change a published result."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveSmallIntegerField(_("weight"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, validators=PERCENT)
    note = models.CharField(_("finding"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist score")
        verbose_name_plural = _("checklist scores")
        ordering = ["item__sort_order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "item"], name="score_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.score}"


class RectificationNotice(models.Model):
    """整改通知书 for an unqualified unit. The PDCA tracker adopts it (sets
    ``adopted_at``) and keeps the link on its own side."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rectification_notices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("appraisal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rectification_notices",
    )
    issued_at = models.DateTimeField(_("issued"))
    deadline = models.DateField(_("deadline"))
    text = models.TextField(_("what to rectify"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_at = models.DateTimeField(
        _("taken into the rectification tracker"), null=True, blank=True
    )
    # Numbered and printed as a document of the one numbering (registry.documents).
    document = models.OneToOneField(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        related_name="appraisal_notice",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-issued_at"]
        indexes = [
            models.Index(
                fields=["adopted_at"], condition=Q(adopted_at__isnull=True), name="notice_unadopted"
            )
        ]

    def __str__(self) -> str:
        return _("Rectification notice to %(unit)s, %(year)d") % {
            "unit": self.unit,
            "year": self.year,
        }
