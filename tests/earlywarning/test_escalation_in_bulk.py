"""The escalation sweep writes in bulk: a fixed number of queries for any number of due
cases, one outbox message for every notice of the sweep, and history rows the
auditors' change log shows like any other change."""

import datetime

import pytest
from django.utils import timezone

from earlywarning.choices import EventKind, Step
from earlywarning.models import CaseEvent, DisposalCase
from earlywarning.services.escalation import escalate_due
from registry.history import object_history
from registry.models import OutboxMessage
from tests.earlywarning.conftest import T0

LATER = T0 + datetime.timedelta(days=16)


@pytest.mark.parametrize("count", [3, 30])
def test_the_sweep_takes_the_same_queries_for_3_or_30_cases(
    open_case, people, count, django_assert_max_num_queries
):
    for i in range(count):
        open_case(summary=f"问题{i}", person=people["buyer"] if i % 2 else None)
    with django_assert_max_num_queries(16):
        assert len(escalate_due(now=LATER)) == count
    assert CaseEvent.objects.filter(kind=EventKind.ESCALATED).count() == count


def test_every_notice_of_the_sweep_is_one_outbox_insert(
    open_case, people, users, settings, django_assert_max_num_queries
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    for i in range(4):
        open_case(summary=f"问题{i}", person=people["buyer"])
    OutboxMessage.objects.all().delete()
    escalate_due(now=LATER)
    messages = OutboxMessage.objects.filter(task="registry.tasks.deliver_notification")
    titles = sorted(m.kwargs["title"] for m in messages)
    # One per person concerned (who must now answer) and one for the unit's staff.
    assert len(titles) == 5
    assert sum("4" in t for t in titles) == 1


def test_the_change_log_shows_each_escalation_with_when_and_what(open_case, users):
    case = open_case(summary="采购问题")
    escalate_due(now=LATER)
    case.refresh_from_db()
    assert case.step == Step.INQUIRY
    entries = object_history(viewer=users["auditor"], model_key="disposalcase", pk=case.pk)
    latest = entries[0]
    assert latest.record.history_type == "~"
    assert latest.record.history_change_reason == str(EventKind.ESCALATED.label)
    assert latest.record.history_user_id is None  # the system, shown as such
    step = {c.label: (c.old, c.new) for c in latest.changes}
    assert step[str(DisposalCase._meta.get_field("step").verbose_name)] == (
        str(Step.REMINDER.label),
        str(Step.INQUIRY.label),
    )
    assert timezone.now() - latest.record.history_date < datetime.timedelta(minutes=1)
