"""The missing letters are reminded by the real beat entry, at most once a week each."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from config.celery import app
from programme.models import Letter
from programme.services.letters import letter_file_signed, letters_issue
from registry.models import Notification
from tests.programme.conftest import scan

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTRY = "programme-remind-missing-letters"


def run_as_beat(moment: datetime.datetime, monkeypatch, capture):
    """What beat does when the entry is due: send the task with the entry's arguments."""
    spec = app.conf.beat_schedule[ENTRY]
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: moment.date())
    app.loader.import_default_modules()
    with capture(execute=True):
        return (
            app.tasks[spec["task"]]
            .apply_async(args=spec.get("args", ()), kwargs=spec.get("kwargs", {}))
            .get()
        )


@pytest.fixture
def half_collected(org, users, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="2026年度廉政承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        by=users["inspector"],
    )
    for key in ("director", "clerk"):
        letter_file_signed(
            letter=batch.letters.get(person=people[key]),
            scan=scan(),
            signed_on=datetime.date(2026, 2, 3),
            by=users["inspector"],
        )
    return batch


def test_the_entry_runs_every_morning():
    schedule = app.conf.beat_schedule[ENTRY]["schedule"]
    schedule.nowfun = lambda: datetime.datetime(2026, 2, 10, 9, 0, 5, tzinfo=SHANGHAI)
    assert schedule.is_due(datetime.datetime(2026, 2, 9, 9, 0, tzinfo=SHANGHAI)).is_due


def test_beat_reminds_the_missing_and_tells_the_issuer_who(
    half_collected, users, people, monkeypatch, django_capture_on_commit_callbacks
):
    morning = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=SHANGHAI)

    assert run_as_beat(morning, monkeypatch, django_capture_on_commit_callbacks) == 2

    reminded = Letter.objects.filter(reminders=1).values_list("person__name", flat=True)
    assert set(reminded) == {"王采购", "赵司机"}
    # 王采购 has a login; 赵司机 has none, so the issuer reads the names.
    assert Notification.objects.filter(recipient=users["staff"], title__contains="承诺书").exists()
    issuer_notice = Notification.objects.get(recipient=users["inspector"])
    assert "王采购" in issuer_notice.body and "赵司机" in issuer_notice.body
    assert not Notification.objects.filter(recipient__person__name="周局长").exists()


def test_beat_firing_again_within_the_week_reminds_nobody_twice(
    half_collected, monkeypatch, django_capture_on_commit_callbacks
):
    morning = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=SHANGHAI)
    run_as_beat(morning, monkeypatch, django_capture_on_commit_callbacks)
    sent = Notification.objects.count()

    assert (
        run_as_beat(
            morning + datetime.timedelta(days=3), monkeypatch, django_capture_on_commit_callbacks
        )
        == 0
    )
    assert Notification.objects.count() == sent
    assert (
        run_as_beat(
            morning + datetime.timedelta(days=7), monkeypatch, django_capture_on_commit_callbacks
        )
        == 2
    )
    assert set(Letter.objects.values_list("reminders", flat=True)) == {0, 2}


def test_a_fully_collected_batch_is_left_alone(
    half_collected, users, people, monkeypatch, django_capture_on_commit_callbacks
):
    for letter in half_collected.letters.missing():
        letter_file_signed(
            letter=letter, scan=scan(), signed_on=datetime.date(2026, 2, 5), by=users["inspector"]
        )
    morning = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=SHANGHAI)

    assert run_as_beat(morning, monkeypatch, django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
