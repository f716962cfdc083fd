"""Major-matter pre-reports: reporting, the reminder card, the decision record, and
late or missing reports as warning information."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import PreReport
from registry.documents import kinds
from registry.documents.services import document_issue
from registry.models import Unit
from registry.roles import APPROVE
from registry.scoping import scope_for
from registry.signals import warning_raised

# earlywarning.choices.SourceType.MAJOR_MATTER: the programme may not import that app.
WARNING_SOURCE = "major_matter"


def may_report(user, unit: Unit) -> bool:
    """The unit's leaders (APPROVE) report its major matters; so may its discipline staff
    and administrators, who keep its programme records."""
    from programme.access import keeps_records

    return scope_for(user).covers_unit(unit, APPROVE) or keeps_records(user, unit)


def _require_reporter(user, unit: Unit) -> None:
    if not may_report(user, unit):
        raise PermissionDenied(
            _("Only the leaders of %(unit)s report its major matters.") % {"unit": unit}
        )


@transaction.atomic
def prereport_submit(
    *, unit: Unit, kind: str, subject: str, meeting_date: datetime.date, by,
    amount=None, today: datetime.date | None = None,
) -> PreReport:  # fmt: skip
    """Record the report; one made too late (or after the meeting) is warning information."""
    _require_reporter(by, unit)
    report = PreReport(
        unit=unit, kind=kind, subject=subject.strip(), amount=amount,
        meeting_date=meeting_date, reported_on=today or timezone.localdate(), reported_by=by,
        notice_days=settings.MAJOR_MATTER_NOTICE_DAYS,
    )  # fmt: skip
    report.full_clean()
    report._history_user = by
    report.save()
    if report.is_late or report.is_missing:
        transaction.on_commit(lambda: _raise_warning(report))
    return report


def _raise_warning(report: PreReport) -> None:
    if report.is_missing:
        summary = _("Major matter decided without a pre-report: %(subject)s")
    else:
        summary = _("Major matter reported late: %(subject)s")
    facts = _(
        "%(unit)s reported “%(subject)s” (%(kind)s) on %(reported)s for a meeting on "
        "%(meeting)s; the report is due %(days)d days before the meeting."
    ) % {
        "unit": report.unit, "subject": report.subject, "kind": report.get_kind_display(),
        "reported": report.reported_on.isoformat(), "meeting": report.meeting_date.isoformat(),
        "days": report.notice_days,
    }  # fmt: skip
    warning_raised.send(
        sender=PreReport, source_type=WARNING_SOURCE, source_id=report.pk, unit=report.unit,
        summary=summary % {"subject": report.subject}, facts=facts,
        received_on=report.reported_on,
    )  # fmt: skip


@transaction.atomic
def prereport_answer(*, report: PreReport, body: str, by) -> PreReport:
    """Discipline staff answer with a numbered reminder card (廉政提醒卡)."""
    report = PreReport.objects.select_for_update().get(pk=report.pk)
    if report.reminder_card_id:
        raise ValidationError(_("This pre-report already has its reminder card."))
    report.reminder_card = document_issue(
        kind=kinds.REMINDER_CARD, unit=report.unit, title="",
        addressee=report.unit.name, body=body, by=by,
    )  # fmt: skip  (document_issue refuses anyone but the unit's discipline staff)
    report._history_user = by
    report.save(update_fields=["reminder_card"])
    return report


DECISION_FIELDS = (
    "decided_on", "attendees", "votes_for", "votes_against", "abstentions",
    "leader_spoke_last", "discipline_present", "minutes",
)  # fmt: skip


@transaction.atomic
def decision_file(*, report: PreReport, by, **record) -> PreReport:
    """File the decision record after the meeting: the vote, who spoke last, who attended."""
    _require_reporter(by, report.unit)
    report = PreReport.objects.select_for_update().get(pk=report.pk)
    for name in DECISION_FIELDS:
        setattr(report, name, record.get(name))
    errors = {}
    if report.decided_on and report.decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision record is filed after the meeting.")
    votes = (report.votes_for or 0) + (report.votes_against or 0) + (report.abstentions or 0)
    if report.attendees is not None and votes > report.attendees:
        errors["attendees"] = _(
            "%(votes)d votes were cast but only %(present)d members were present."
        ) % {"votes": votes, "present": report.attendees}
    if errors:
        raise ValidationError(errors)
    report.filed_by = by
    report.full_clean()
    report._history_user = by
    report.save()
    return report
