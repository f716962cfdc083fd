"""Integrity education: activities with attendance and test scores; the unit's figures; the
person's record in their integrity file."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programme.education import education_figures
from programme.models import Attendance, EducationActivity, EducationKind
from programme.services.education import activity_record, scores_record
from registry.models import Person

pytestmark = pytest.mark.django_db


def kind(name):
    return EducationKind.objects.get(name=name)


def record(org, users, people, kind_name="警示教育", attendees=None, day=14):
    return activity_record(
        unit=org.finance,
        kind=kind(kind_name),
        held_on=datetime.date(2026, 3, day),
        topic="观看警示教育片",
        audience="全体干部职工",
        attendees=attendees if attendees is not None else list(people.values()),
        by=users["inspector"],
    )


def test_the_unit_counts_activities_by_kind_and_people_reached(org, users, people):
    record(org, users, people)
    record(org, users, people, "每月一课", [people["buyer"], people["clerk"]], day=25)
    record(org, users, people, "每月一课", [people["buyer"]], day=28)

    figures = education_figures([org.finance, org.tax], 2026)

    assert figures[org.finance.pk] == {
        "activities": 3,
        "kinds": [("警示教育", 1), ("每月一课", 2)],
        "reached": 4,
        "attendances": 7,
    }
    assert figures[org.tax.pk]["activities"] == 0
    assert education_figures([org.finance], 2025)[org.finance.pk]["activities"] == 0


def test_attendees_must_belong_to_the_unit_and_keepers_record(org, users, people):
    stranger = Person.objects.create(unit=org.tax, name="钱稽查")
    with pytest.raises(ValidationError) as refused:
        record(org, users, people, attendees=[people["buyer"], stranger])
    assert "attendees" in refused.value.error_dict and "钱稽查" in str(refused.value)
    with pytest.raises(PermissionDenied):
        activity_record(
            unit=org.finance,
            kind=kind("党课"),
            held_on=datetime.date(2026, 5, 1),
            topic="党课",
            by=users["leader"],
        )
    assert not EducationActivity.objects.exists()


def test_a_knowledge_test_takes_scores_all_or_nothing(org, users, people):
    test = record(org, users, people, "廉政知识测试")
    rows = {a.person.name: a.pk for a in test.attendance.select_related("person")}

    with pytest.raises(ValidationError):
        scores_record(
            activity=test,
            scores={rows["周局长"]: Decimal(92), rows["李预算"]: Decimal(120)},
            by=users["inspector"],
        )
    assert not Attendance.objects.filter(score__isnull=False).exists()

    scores_record(activity=test, scores={rows["周局长"]: Decimal("92.5")}, by=users["inspector"])
    assert Attendance.objects.get(pk=rows["周局长"]).score == Decimal("92.5")
    lesson = record(org, users, people, "党课", day=20)
    with pytest.raises(ValidationError):
        scores_record(activity=lesson, scores={}, by=users["inspector"])


def test_the_pages_with_permission_without_and_out_of_scope(org, users, people, login):
    url = reverse("programme:activity_record", args=[org.finance.pk])
    form = {
        "kind": kind("党课").pk,
        "held_on": "2026-05-20",
        "topic": "书记讲廉政党课",
        "attendees": [people["buyer"].pk, people["director"].pk],
    }
    assert login(users["leader"]).post(url, form).status_code == 403
    assert login(users["taxhead"]).post(url, form).status_code == 404
    assert login(users["inspector"]).post(url, form | {"topic": ""}).status_code == 200
    assert not EducationActivity.objects.exists()

    response = login(users["inspector"]).post(url, form)

    activity = EducationActivity.objects.get()
    assert response.url == reverse("programme:activity_detail", args=[activity.pk])
    assert activity.attendance.count() == 2
    detail = reverse("programme:activity_detail", args=[activity.pk])
    assert login(users["taxhead"]).get(detail).status_code == 404
    assert "书记讲廉政党课" in login(users["leader"]).get(detail).content.decode()
    unit_page = login(users["leader"]).get(
        reverse("programme:unit", args=[org.finance.pk]) + "?year=2026"
    )
    assert 'id="education-reached">2<' in unit_page.content.decode()


def test_scores_are_entered_on_the_page(org, users, people, login):
    test = record(org, users, people, "廉政知识测试")
    row = test.attendance.get(person=people["clerk"])
    url = reverse("programme:activity_scores", args=[test.pk])

    assert login(users["leader"]).post(url, {f"score-{row.pk}": "88"}).status_code == 403
    login(users["inspector"]).post(url, {f"score-{row.pk}": "88"})

    row.refresh_from_db()
    assert row.score == Decimal(88)


def test_the_integrity_file_shows_the_persons_education(org, users, people, login):
    record(org, users, people)
    url = reverse("assessment:person_file", args=[people["clerk"].pk]) + "?year=2026"

    body = login(users["inspector"]).get(url).content.decode()

    assert 'id="integrity-education"' in body and "观看警示教育片" in body
