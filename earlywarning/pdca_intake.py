"""Inspection findings and overdue rectification (PDCA app) become warning information.

A finding is taken in as soon as it is saved (after commit); overdue
rectification is found by a daily sweep, which also catches up on findings
missed while the receiver was not connected. Each source record is taken in
once: ``WarningInfo`` is unique on (source type, source id).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from earlywarning.choices import SourceType
from earlywarning.models import WarningInfo
from earlywarning.services.intake import intake_from_source


def _taken(source_type: str):
    return WarningInfo.objects.filter(source_type=source_type, source_id__isnull=False).values(
        "source_id"
    )


def take_in_finding(finding) -> WarningInfo:
    # Stored text is written in the site's language, whoever triggered the intake.
    with translation.override(settings.LANGUAGE_CODE):
        severity = finding.get_severity_display()
    warning, _created = intake_from_source(
        source_type=SourceType.INSPECTION,
        source_id=finding.pk,
        unit=finding.unit,
        summary=f"{severity}：{finding.description.splitlines()[0]}",
        facts=finding.description,
        received_on=timezone.localdate(finding.created_at),
    )
    return warning


def take_in_overdue_item(item, today: datetime.date) -> WarningInfo:
    with translation.override(settings.LANGUAGE_CODE):
        return _take_in_overdue_item(item, today)


def _take_in_overdue_item(item, today: datetime.date) -> WarningInfo:
    warning, _created = intake_from_source(
        source_type=SourceType.OVERDUE_RECTIFICATION,
        source_id=item.pk,
        unit=item.unit,
        summary=_("Rectification overdue: %(title)s") % {"title": item.title},
        facts=_("“%(title)s” was due on %(deadline)s and is still %(status)s.")
        % {
            "title": item.title,
            "deadline": item.deadline.isoformat(),
            "status": item.get_status_display(),
        },
        received_on=today,
    )
    return warning


def take_in_pdca(*, today: datetime.date | None = None) -> int:
    """Take in every finding and overdue item not yet taken in; return how many were new."""
    from pdca.models import Finding, RectificationItem

    today = today or timezone.localdate()
    before = WarningInfo.objects.count()
    findings = Finding.objects.exclude(pk__in=_taken(SourceType.INSPECTION)).select_related("unit")
    for finding in findings.iterator():
        take_in_finding(finding)
    overdue = (
        RectificationItem.objects.overdue(today)
        .exclude(pk__in=_taken(SourceType.OVERDUE_RECTIFICATION))
        .select_related("unit")
    )
    for item in overdue.iterator():
        take_in_overdue_item(item, today)
    return WarningInfo.objects.count() - before


def finding_saved(sender, instance, created: bool, **kwargs) -> None:
    """post_save receiver for pdca.Finding: take the finding in once the save commits."""
    if created and not kwargs.get("raw"):
        transaction.on_commit(lambda: take_in_finding(instance))
