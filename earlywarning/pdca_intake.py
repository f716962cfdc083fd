"""Inspection findings and overdue rectification (PDCA app) become warning information.

A finding is taken in as soon as it is saved (after commit); overdue
rectification is found by a daily sweep, which also catches up on findings
missed while the receiver was not connected. Each source record is taken in
once: ``WarningInfo`` is unique on (source type, source id).

A repeat finding (屡查屡犯: ``Finding.repeat_of``) is also taken in as verified
warning information of its own, and costs the unit the points of the repeat rule
(``DeductionRule`` ``repeat_finding``, data) through the deduction service: once per
repeat finding, however often the intake runs. While that rule is inactive nothing
is deducted; the next sweep deducts once it is active again.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from earlywarning.choices import SourceType, Verification
from earlywarning.models import DeductionRule, WarningInfo
from earlywarning.services.scoring import deduct_for_warning

BATCH_SIZE = 1000
REPEAT_RULE = "repeat_finding"


def _taken(source_type: str):
    return WarningInfo.objects.filter(source_type=source_type, source_id__isnull=False).values(
        "source_id"
    )


def _one_intake_at_a_time() -> None:
    """Serialise the sweep and the per-finding receiver (until the transaction ends), so
    the rows a sweep inserted are exactly the new ones. SQLite has one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('earlywarning.pdca_intake'))")


def _finding_warning(finding) -> WarningInfo:
    severity = finding.get_severity_display()
    return WarningInfo(
        source_type=SourceType.INSPECTION,
        source_id=finding.pk,
        unit_id=finding.unit_id,
        summary=f"{severity}：{finding.description.splitlines()[0]}"[:200],
        facts=finding.description,
        received_on=timezone.localdate(finding.created_at),
    )


def _repeat_warning(finding) -> WarningInfo:
    """Verified as it is taken in: both findings were recorded by discipline staff."""
    text = finding.description.splitlines()[0] if finding.description else ""
    return WarningInfo(
        source_type=SourceType.REPEAT_FINDING,
        source_id=finding.pk,
        unit_id=finding.unit_id,
        summary=(_("Repeat finding: %(finding)s") % {"finding": text})[:200],
        facts=finding.description,
        received_on=timezone.localdate(finding.created_at),
        verification=Verification.VERIFIED,
        verification_reason=_(
            "Found again on a measure or risk point that already had a finding before."
        ),
        verified_at=timezone.now(),
    )


def _deduct_for_repeats() -> int:
    """Each verified repeat without a deduction costs its unit the repeat rule's points."""
    rule = DeductionRule.objects.filter(code=REPEAT_RULE, is_active=True).first()
    if rule is None:
        return 0
    owing = WarningInfo.objects.filter(
        source_type=SourceType.REPEAT_FINDING,
        verification=Verification.VERIFIED,
        deductions__isnull=True,
    ).select_related("unit", "person")
    return sum(len(deduct_for_warning(warning=w, rule=rule, by=None)) for w in owing)


def _overdue_warning(item, today: datetime.date) -> WarningInfo:
    return WarningInfo(
        source_type=SourceType.OVERDUE_RECTIFICATION,
        source_id=item.pk,
        unit_id=item.unit_id,
        summary=(_("Rectification overdue: %(title)s") % {"title": item.title})[:200],
        facts=_("“%(title)s” was due on %(deadline)s and is still %(status)s.")
        % {
            "title": item.title,
            "deadline": item.deadline.isoformat(),
            "status": item.get_status_display(),
        },
        received_on=today,
    )


def take_in_finding(finding) -> WarningInfo:
    """One finding, as soon as it is saved (the receiver below)."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # Stored text is written in the site's language, whoever triggered the intake.
        _one_intake_at_a_time()
        warnings = [_finding_warning(finding)]
        if finding.repeat_of_id:
            warnings.append(_repeat_warning(finding))
        _insert_new(warnings)
        if finding.repeat_of_id:
            _deduct_for_repeats()
    return WarningInfo.objects.get(source_type=SourceType.INSPECTION, source_id=finding.pk)


def take_in_pdca(*, today: datetime.date | None = None) -> int:
    """Take in every finding and overdue item not yet taken in; return how many were new.

    In bulk: a fixed number of queries per thousand rows, whatever the size.
    """
    from pdca.models import Finding, RectificationItem

    today = today or timezone.localdate()
    findings = Finding.objects.exclude(pk__in=_taken(SourceType.INSPECTION)).only(
        "pk", "unit_id", "severity", "description", "created_at"
    )
    overdue = (
        RectificationItem.objects.overdue(today)
        .exclude(pk__in=_taken(SourceType.OVERDUE_RECTIFICATION))
        .only("pk", "unit_id", "title", "deadline", "status")
    )
    repeats = (
        Finding.objects.filter(repeat_of__isnull=False)
        .exclude(pk__in=_taken(SourceType.REPEAT_FINDING))
        .only("pk", "unit_id", "description", "created_at")
    )
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        _one_intake_at_a_time()
        warnings = [_finding_warning(f) for f in findings]
        warnings += [_repeat_warning(f) for f in repeats]
        warnings += [_overdue_warning(item, today) for item in overdue]
        new = _insert_new(warnings)
        _deduct_for_repeats()
        return new


def _insert_new(warnings: list[WarningInfo]) -> int:
    """Insert what is new (a source already taken in is skipped), with history; how many.

    Exact because callers hold the intake lock; ``ignore_conflicts`` keeps a
    racing writer without it (SQLite) from failing the sweep.
    """
    taken = {(w.source_type, w.source_id) for w in _stored(warnings)}
    fresh = [w for w in warnings if (w.source_type, w.source_id) not in taken]
    WarningInfo.objects.bulk_create(fresh, batch_size=BATCH_SIZE, ignore_conflicts=True)
    created = _stored(fresh)
    WarningInfo.history.bulk_history_create(created, batch_size=BATCH_SIZE, default_user=None)
    return len(created)


def _stored(warnings: list[WarningInfo]) -> list[WarningInfo]:
    by_source: dict[str, list[int]] = {}
    for warning in warnings:
        by_source.setdefault(warning.source_type, []).append(warning.source_id)
    if not by_source:
        return []
    condition = Q()
    for source_type, ids in by_source.items():
        condition |= Q(source_type=source_type, source_id__in=ids)
    return list(WarningInfo.objects.filter(condition))


def finding_saved(sender, instance, created: bool, **kwargs) -> None:
    """post_save receiver for pdca.Finding: take the finding in once the save commits."""
    if created and not kwargs.get("raw"):
        transaction.on_commit(lambda: take_in_finding(instance))
