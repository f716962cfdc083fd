"""A large Excel export made by a worker: its progress, its file, and when the file goes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.uploads import RandomName


class ExportKind(models.TextChoices):
    REGISTER = "register", _("Risk register")
    CHANGE_LOG = "change_log", _("Change log")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """Only its requester may download the file, until ``expires_at``."""

    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ExportState.choices, default=ExportState.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=RandomName("export"), blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def progress(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.state in {ExportState.QUEUED, ExportState.RUNNING}

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.state == ExportState.DONE and bool(self.file) and not self.is_expired
