"""Disposal cases by hand: open, record a step, raise or lower a step, close."""

import datetime
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from earlywarning.access import discipline_staff_for, is_discipline_staff
from earlywarning.choices import CaseStatus, EventKind, Step
from earlywarning.models import CaseEvent, DisposalCase, StepDeadline, WarningInfo
from registry import uploads
from registry.notifications import notify

# Used when an admin has deleted a step's row: the case must still get a deadline.
DEFAULT_DAYS = {Step.REMINDER: 15, Step.INQUIRY: 15, Step.INTERVIEW: 30, Step.DISPOSAL: 30}

# What can be recorded at each step (fields of DisposalCase).
STEP_FIELDS = {
    Step.REMINDER: [],
    Step.INQUIRY: ["inquiry_answer"],
    Step.INTERVIEW: ["interview_at", "interview_minutes"],
    Step.DISPOSAL: ["decision", "responsible"],
}


def step_days() -> dict[int, int]:
    return DEFAULT_DAYS | dict(StepDeadline.objects.values_list("step", "days"))


def step_deadline(step: int, now: datetime.datetime, days: dict[int, int]) -> datetime.datetime:
    return now + datetime.timedelta(days=days[step])


def notify_handlers(case: DisposalCase, handlers, title: str) -> None:
    """The next handler: the unit's discipline staff, and the person concerned if they log in."""
    recipients = list(handlers)
    if case.person_id and case.person.user_id:
        recipients.append(case.person.user)
    url = reverse("earlywarning:case_detail", args=[case.pk])
    body = _("%(unit)s: %(summary)s — now at “%(step)s”, due %(deadline)s.") % {
        "unit": case.unit,
        "summary": case.warning.summary,
        "step": case.get_step_display(),
        "deadline": timezone.localtime(case.deadline).strftime("%Y-%m-%d"),
    }
    notify(recipients=recipients, title=title, body=body, url=url)


def _lock(case: DisposalCase, by) -> DisposalCase:
    case = (
        DisposalCase.objects.select_for_update(of=("self",))
        .select_related("unit", "warning", "person__user")
        .get(pk=case.pk)
    )
    if not is_discipline_staff(by, case.unit):
        raise PermissionDenied(_("Only discipline-inspection staff handle this case."))
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("This case is closed."))
    return case


@transaction.atomic
def case_open(*, warning: WarningInfo, by, now: datetime.datetime | None = None) -> DisposalCase:
    """Start disposal of verified warning information at the first step, the reminder."""
    now = now or timezone.now()
    warning = WarningInfo.objects.select_for_update().select_related("unit").get(pk=warning.pk)
    if not is_discipline_staff(by, warning.unit):
        raise PermissionDenied(
            _("Only discipline-inspection staff handle warnings about this unit.")
        )
    if not warning.is_verified:
        raise ValidationError(_("Only verified warning information is taken into disposal."))
    if DisposalCase.objects.filter(warning=warning).exists():
        raise ValidationError(_("A disposal case is already open for this warning information."))
    deadline = step_deadline(Step.REMINDER, now, step_days())
    case = DisposalCase(
        warning=warning,
        unit=warning.unit,
        person=warning.person,
        step=Step.REMINDER,
        step_started_at=now,
        deadline=deadline,
        opened_by=by,
        opened_at=now,
    )
    case._history_user = by
    case.save()
    CaseEvent.objects.create(
        case=case, kind=EventKind.OPENED, to_step=Step.REMINDER, deadline=deadline, by=by, at=now
    )
    notify_handlers(case, discipline_staff_for(case.unit), _("A disposal case was opened"))
    return case


@transaction.atomic
def case_move(
    *, case: DisposalCase, up: bool, reason: str, by, now: datetime.datetime | None = None
) -> DisposalCase:
    """Discipline staff raise a case one step, or lower it one step, giving the reason."""
    now = now or timezone.now()
    case = _lock(case, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for changing the step.")})
    to_step = case.step + (1 if up else -1)
    if to_step > Step.DISPOSAL:
        raise ValidationError(_("The case is already at the last step, disposal."))
    if to_step < Step.REMINDER:
        raise ValidationError(_("The case is already at the first step, reminder."))
    from_step = case.step
    case.step = to_step
    case.step_started_at = now
    case.deadline = step_deadline(to_step, now, step_days())
    case._history_user = by
    case.save()
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.RAISED if up else EventKind.LOWERED,
        from_step=from_step,
        to_step=to_step,
        deadline=case.deadline,
        reason=reason.strip(),
        by=by,
        at=now,
    )
    title = _("A disposal case was escalated") if up else _("A disposal case was stepped down")
    notify_handlers(case, discipline_staff_for(case.unit), title)
    return case


@transaction.atomic
def case_record(
    *,
    case: DisposalCase,
    values: dict,
    by,
    rectification_deadline: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> DisposalCase:
    """Record what happened at the current step: an answer, an interview, a decision.

    An interview sets a rectification deadline, which becomes the step's deadline.
    """
    now = now or timezone.now()
    case = _lock(case, by)
    allowed = STEP_FIELDS[case.step]
    for name, value in values.items():
        if name not in allowed:
            raise ValidationError(_("This cannot be recorded at the current step."))
        setattr(case, name, value)
    if rectification_deadline is not None:
        if case.step != Step.INTERVIEW:
            raise ValidationError(_("A rectification deadline is set at the interview."))
        end_of_day = datetime.datetime.combine(rectification_deadline, datetime.time(23, 59))
        case.deadline = timezone.make_aware(end_of_day)
        if case.deadline <= now:
            raise ValidationError(
                {"rectification_deadline": _("The rectification deadline must be in the future.")}
            )
    case._history_user = by
    case.save()
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.RECORDED,
        from_step=case.step,
        to_step=case.step,
        deadline=case.deadline,
        by=by,
        at=now,
    )
    return case


@transaction.atomic
def case_close(
    *,
    case: DisposalCase,
    resolution: str,
    evidence: str,
    by,
    evidence_file=None,
    now: datetime.datetime | None = None,
) -> DisposalCase:
    """Close a case at any step, with the resolution and the evidence that resolved it."""
    now = now or timezone.now()
    case = _lock(case, by)
    errors = {}
    if not resolution.strip():
        errors["resolution"] = _("Write how the case was resolved.")
    if not evidence.strip():
        errors["evidence"] = _("Name the evidence that resolved the case.")
    if errors:
        raise ValidationError(errors)
    case.status = CaseStatus.CLOSED
    case.resolution = resolution.strip()
    case.evidence = evidence.strip()
    if evidence_file:
        uploads.check(evidence_file, kind="case_evidence")
        case.evidence_file = evidence_file
        case.evidence_file_name = os.path.basename(evidence_file.name)[:255]
    case.closed_by = by
    case.closed_at = now
    case._history_user = by
    case.save()
    CaseEvent.objects.create(
        case=case, kind=EventKind.CLOSED, from_step=case.step, to_step=case.step, by=by, at=now
    )
    return case
