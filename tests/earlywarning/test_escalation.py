"""Automatic escalation with a frozen clock: exactly one step per run, idempotent, crash-safe."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from earlywarning.choices import CaseStatus, EventKind, Step
from earlywarning.models import CaseEvent, DisposalCase, StepDeadline
from earlywarning.services import escalation
from earlywarning.services.disposal import case_close, case_move
from earlywarning.services.escalation import escalate_due
from registry.models import Notification
from tests.earlywarning.conftest import T0

DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.timedelta:
    return n * DAY


def test_the_ladder_step_by_step(open_case):
    case = open_case()
    assert (case.step, case.deadline) == (Step.REMINDER, T0 + days(15))

    assert escalate_due(now=T0 + days(15) - datetime.timedelta(minutes=1)) == []
    [moved] = escalate_due(now=T0 + days(15))
    assert (moved.from_step, moved.to_step) == (Step.REMINDER, Step.INQUIRY)
    case.refresh_from_db()
    assert (case.step, case.deadline) == (Step.INQUIRY, T0 + days(30))

    escalate_due(now=T0 + days(30))
    case.refresh_from_db()
    assert (case.step, case.deadline) == (Step.INTERVIEW, T0 + days(60))

    escalate_due(now=T0 + days(60))
    case.refresh_from_db()
    assert (case.step, case.deadline) == (Step.DISPOSAL, T0 + days(90))

    # Disposal is the top: an overdue disposal stays there (and shows as overdue).
    assert escalate_due(now=T0 + days(365)) == []
    case.refresh_from_db()
    assert case.step == Step.DISPOSAL and case.is_overdue(T0 + days(365))
    kinds = list(case.events.values_list("kind", "from_step", "to_step"))
    assert kinds == [
        (EventKind.OPENED, None, 1),
        (EventKind.ESCALATED, 1, 2),
        (EventKind.ESCALATED, 2, 3),
        (EventKind.ESCALATED, 3, 4),
    ]


def test_a_long_overdue_case_moves_exactly_one_step_per_run(open_case):
    case = open_case()
    later = T0 + days(200)
    assert len(escalate_due(now=later)) == 1
    case.refresh_from_db()
    assert case.step == Step.INQUIRY
    assert case.deadline == later + days(15)  # counted from the escalation, not the old deadline


def test_running_twice_escalates_once(open_case):
    case = open_case()
    now = T0 + days(16)
    assert len(escalate_due(now=now)) == 1
    assert escalate_due(now=now) == []
    case.refresh_from_db()
    assert case.step == Step.INQUIRY
    assert case.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_the_deadlines_are_data(open_case):
    StepDeadline.objects.filter(step=Step.INQUIRY).update(days=3)
    case = open_case()
    escalate_due(now=T0 + days(15))
    case.refresh_from_db()
    assert case.deadline == T0 + days(18)


def test_closed_cases_never_escalate(open_case, users):
    case = open_case()
    case_close(case=case, resolution="已整改", evidence="整改报告", by=users["inspector"], now=T0)
    assert escalate_due(now=T0 + days(100)) == []
    case.refresh_from_db()
    assert (case.status, case.step) == (CaseStatus.CLOSED, Step.REMINDER)


def test_escalation_notifies_the_next_handler(
    open_case, users, people, django_capture_on_commit_callbacks
):
    open_case(person=people["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        escalate_due(now=T0 + days(16))
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    # The discipline staff handling the unit, and the person who must now answer in writing.
    assert recipients == {"inspector", "staff"}


def test_a_crash_mid_batch_leaves_nothing_half_done_and_the_next_run_finishes(
    open_case, monkeypatch
):
    cases = [open_case(summary=f"问题{i}") for i in range(3)]
    victim = cases[1]
    apply = escalation._apply

    def crash_on_victim(case, now, days):
        if case.pk == victim.pk:
            raise RuntimeError("worker killed")
        return apply(case, now, days)

    monkeypatch.setattr(escalation, "_apply", crash_on_victim)
    with pytest.raises(RuntimeError):
        escalate_due(now=T0 + days(16))
    # The rows were written before the crash, in the same transaction: all rolled back.
    assert set(DisposalCase.objects.values_list("step", flat=True)) == {Step.REMINDER}
    assert not CaseEvent.objects.filter(kind=EventKind.ESCALATED).exists()

    monkeypatch.setattr(escalation, "_apply", apply)
    assert len(escalate_due(now=T0 + days(16))) == 3
    assert escalate_due(now=T0 + days(16)) == []
    for case in cases:
        case.refresh_from_db()
        assert case.step == Step.INQUIRY
        assert case.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_a_row_changed_under_the_batch_is_not_stepped_twice(open_case, monkeypatch):
    """Without row locks (SQLite) another worker may move a claimed case first:
    the guarded update notices, rolls the batch back and reads again."""
    case = open_case()
    claim = escalation._claim
    claims = []

    def claim_then_race(now, limit):
        batch = claim(now, limit)
        claims.append(len(batch))
        if len(claims) == 1:  # the other worker moves the case between our read and write
            DisposalCase.objects.filter(pk=case.pk).update(
                step=Step.INQUIRY, deadline=now + days(15)
            )
        return batch

    monkeypatch.setattr(escalation, "_claim", claim_then_race)
    escalate_due(now=T0 + days(16))
    # The first batch was abandoned (its guarded update found the row moved) and read again.
    assert claims[0] == 1 and len(claims) >= 2
    case.refresh_from_db()
    assert case.step == Step.INQUIRY
    assert case.events.filter(kind=EventKind.ESCALATED).count() <= 1


def test_manual_escalation_and_step_down_need_a_reason(open_case, users):
    case = open_case()
    with pytest.raises(ValidationError):
        case_move(case=case, up=True, reason=" ", by=users["inspector"], now=T0)
    case = case_move(case=case, up=True, reason="问题反映集中", by=users["inspector"], now=T0 + DAY)
    assert (case.step, case.deadline) == (Step.INQUIRY, T0 + DAY + days(15))
    case = case_move(case=case, up=False, reason="已书面说明", by=users["inspector"], now=T0 + DAY)
    assert case.step == Step.REMINDER
    with pytest.raises(ValidationError):
        case_move(case=case, up=False, reason="再降", by=users["inspector"], now=T0)
    events = list(case.events.values_list("kind", "reason", "by__username"))
    assert events[1:] == [
        (EventKind.RAISED, "问题反映集中", "inspector"),
        (EventKind.LOWERED, "已书面说明", "inspector"),
    ]


def test_only_discipline_staff_move_a_case(open_case, users):
    from django.core.exceptions import PermissionDenied

    case = open_case()
    with pytest.raises(PermissionDenied):
        case_move(case=case, up=True, reason="想升级", by=users["leader"], now=T0)


def test_command_prints_one_line_per_escalated_case_and_exits_0(open_case):
    open_case(summary="甲问题")
    open_case(summary="乙问题", now=T0 + days(10))
    out = io.StringIO()
    call_command("escalate_warnings", "--now", "2026-03-18T00:00", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and "甲问题" in lines[0]
    out = io.StringIO()
    call_command("escalate_warnings", "--now", "2026-03-18T00:00", stdout=out)
    assert out.getvalue() == ""


def test_command_rejects_a_bad_time():
    with pytest.raises(CommandError, match="2026-06-30T00:00"):
        call_command("escalate_warnings", "--now", "tomorrow")


def test_the_beat_task_escalates_with_the_real_clock(open_case):
    from earlywarning.tasks import escalate_due_cases

    case = open_case(now=timezone.now() - days(20))
    assert escalate_due_cases.apply().get() == 1
    case.refresh_from_db()
    assert case.step == Step.INQUIRY
    assert escalate_due_cases.acks_late


def test_the_due_query_uses_the_partial_index(open_case):
    plan = DisposalCase.objects.due_for_escalation(T0).order_by("deadline", "id").explain()
    assert "case_escalation_due" in plan
