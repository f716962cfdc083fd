"""Rotation control: who has held a key post too long, on a page and in a monthly notice."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry import tasks
from registry.choices import Role
from registry.models import Notification, Person, PostTenure
from registry.rotation import rotation_due_for

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def due(org, users):
    """The buyer post is key; 王采购 holds it since 2024. Two more key-post holders:
    one past five years, one reaching it in three months; and one in the tax bureau."""
    for post in (org.buyer, org.budget_clerk, org.director, org.tax_inspector):
        post.is_key_post = True
        post.save()
    old = Person.objects.create(unit=org.finance, name="老预算")
    soon = Person.objects.create(unit=org.finance, name="快到期")
    taxman = Person.objects.create(unit=org.tax, name="老稽查")
    PostTenure.objects.create(
        person=old, post=org.budget_clerk, start_date=datetime.date(2020, 5, 1)
    )
    PostTenure.objects.create(person=soon, post=org.director, start_date=datetime.date(2022, 3, 1))
    PostTenure.objects.create(
        person=taxman, post=org.tax_inspector, start_date=datetime.date(2019, 1, 1)
    )
    return org


def test_the_list_shows_overdue_and_soon_due_within_scope(due, new_user_with_role):
    finadmin = new_user_with_role("finadmin", Role.ADMIN, due.finance)
    rows = {r.tenure.person.name: r for r in rotation_due_for(finadmin, today=TODAY)}
    assert set(rows) == {"老预算", "快到期"}
    assert rows["老预算"].overdue and rows["老预算"].due_on == datetime.date(2025, 5, 1)
    assert not rows["快到期"].overdue


def test_the_limit_is_a_setting(due, users, settings):
    settings.ROTATION_MAX_YEARS = 8
    names = {r.tenure.person.name for r in rotation_due_for(users["admin"], today=TODAY)}
    assert names == {"老稽查"}


def test_the_page_for_discipline_staff_and_admins_only(due, users, login):
    page = login(users["inspector"]).get(reverse("registry:rotation_due"))
    assert page.status_code == 200
    assert "老稽查" in page.text and "老预算" in page.text
    assert login(users["staff"]).get(reverse("registry:rotation_due")).status_code == 403


def test_the_monthly_task_tells_each_units_admins_and_discipline_staff(
    due, users, new_user_with_role, django_capture_on_commit_callbacks, monkeypatch
):
    new_user_with_role("finadmin", Role.ADMIN, due.finance)
    monkeypatch.setattr("registry.rotation.timezone.localdate", lambda: TODAY)
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_rotation_due() == 2  # the finance and the tax bureau
    # Run again in the same month (a retry, a second beat): nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_rotation_due() == 0

    told = {}
    for note in Notification.objects.select_related("recipient"):
        told.setdefault(note.title, set()).add(note.recipient.username)
    finance = next(t for t in told if "区财政局" in t)
    # The unit's administrators and the district's inspector; not its own leader.
    assert told[finance] == {"finadmin", "admin", "inspector"}
    assert "老预算" in Notification.objects.filter(title=finance).first().body


def test_the_task_is_in_the_beat_schedule():
    from config.celery import app

    entries = [e["task"] for e in app.conf.beat_schedule.values()]
    assert "registry.tasks.notify_rotation_due" in entries
