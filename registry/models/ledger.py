"""Excel ledger imports (台账导入): one record per uploaded file, with its progress and result."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.uploads import RandomName


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Reading and checking")
    READY = "ready", _("Ready to import")
    INVALID = "invalid", _("Has errors")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """An uploaded ledger: who, when, which file (name and SHA-256), the counts, the result.

    Progress lives on the row, so a user can leave the page and come back to a
    running import; ``report`` keeps the preview (counts, errors, first rows).
    """

    RUNNING = (ImportState.UPLOADED, ImportState.VALIDATING, ImportState.COMMITTING)
    # Claimed by a worker: ``owner`` and a ``heartbeat_at`` it renews while it works.
    CLAIMED = (ImportState.VALIDATING, ImportState.COMMITTING)

    sheet_type = models.CharField(_("sheet type"), max_length=50)
    file = models.FileField(_("file"), upload_to=RandomName("ledger"), max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sheet_name = models.CharField(_("sheet"), max_length=100, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="ledger_imports",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_text = models.CharField(_("progress"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # The running check or commit: which worker holds it, and when it last said so.
    owner = models.CharField(_("worker"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A failed check or commit that may be run again: the state it failed in.
    failed_step = models.CharField(
        _("failed step"), max_length=20, choices=ImportState.choices, blank=True
    )

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def is_retryable(self) -> bool:
        return self.state == ImportState.FAILED and bool(self.failed_step)


class ImportedChange(models.Model):
    """One object an import created or updated: the batch's links to its changes."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    sheet = models.CharField(_("sheet"), max_length=100)
    row = models.PositiveIntegerField(_("row"))
    # Generic, so sheet types of higher apps (the power list) record their objects too.
    # No index of its own: (content_type, object_id) below answers every lookup.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("object"), max_length=255)

    class Meta:
        verbose_name = _("imported change")
        verbose_name_plural = _("imported changes")
        ordering = ["batch", "sheet", "row"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.label}"


class HeaderSynonym(models.Model):
    """Another header a ledger column goes by: administrators add what their files say."""

    sheet_type = models.CharField(_("sheet type"), max_length=50)
    column = models.CharField(_("column"), max_length=50)
    text = models.CharField(_("header text"), max_length=100)

    class Meta:
        verbose_name = _("ledger header synonym")
        verbose_name_plural = _("ledger header synonyms")
        ordering = ["sheet_type", "column", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet_type", "column", "text"], name="headersynonym_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.column}"


class ColumnMapping(models.Model):
    """How a user mapped the headers of one layout (by ``signature``) to columns.

    Every later file with the same headers in the same places is read this way.
    """

    sheet_type = models.CharField(_("sheet type"), max_length=50)
    signature = models.CharField(_("header layout"), max_length=64)
    headers = models.JSONField(_("headers"), default=dict)  # position → header as written
    choices = models.JSONField(_("mapping"), default=dict)  # position → column key, "" = ignore
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mapped by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("mapped at"), auto_now=True)

    class Meta:
        verbose_name = _("ledger column mapping")
        verbose_name_plural = _("ledger column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet_type", "signature"], name="columnmapping_one_per_layout"
            )
        ]

    def __str__(self) -> str:
        return " | ".join(self.headers.values())
