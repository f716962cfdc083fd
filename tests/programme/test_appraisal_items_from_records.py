"""The appraisal checklist scores education held, rules revised, letters collected and the
list filed on time from the programme's records."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.appraisal import appraisal_open
from assessment.checklist_sources import checklist_score_from_records
from assessment.models import ChecklistItem, ChecklistScore
from programme.models import EducationKind, RecordedItem, RecordMeasure
from programme.services.education import activity_record
from programme.services.filing import list_file
from programme.services.letters import letter_file_signed, letters_issue
from programme.services.rules import rule_change, rule_make
from tests.programme.conftest import scan

pytestmark = pytest.mark.django_db
# What an administrator sets up in the admin: checklist items linked to a record measure.
ITEMS = {
    "廉政教育开展情况": (RecordMeasure.EDUCATION, 12),
    "建章立制情况": (RecordMeasure.RULES, 3),
    "承诺书责任书签订情况": (RecordMeasure.LETTERS, 1),
    "风险清单按时备案": (RecordMeasure.FILING, 1),
}


def link_items(active=True) -> dict:
    items = {}
    for order, (name, (measure, target)) in enumerate(ITEMS.items(), start=100):
        items[name] = ChecklistItem.objects.create(
            name=name, weight=5, sort_order=order, is_active=active
        )
        RecordedItem.objects.create(item=items[name], measure=measure, target=target)
    return items


@pytest.fixture
def recorded_items(db):
    return link_items()


@pytest.fixture
def a_year_of_records(org, users, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    by = users["inspector"]
    lesson = EducationKind.objects.get(name="每月一课")
    for month in range(1, 7):  # six of the twelve monthly lessons
        activity_record(
            unit=org.finance,
            kind=lesson,
            held_on=datetime.date(2026, month, 25),
            topic=f"每月一课（{month}月）",
            attendees=[people["buyer"]],
            by=by,
        )
    rule = rule_make(
        unit=org.finance, title="公务接待管理规定", made_on=datetime.date(2026, 2, 1), by=by
    )
    rule_change(rule=rule, kind="revised", on=datetime.date(2026, 6, 1), by=by)
    batch = letters_issue(
        unit=org.finance,
        year=2026,
        kind="commitment",
        title="承诺书",
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 2, 28),
        by=by,
    )
    for letter in batch.letters.all()[:3]:  # three of four
        letter_file_signed(letter=letter, scan=scan(), signed_on=datetime.date(2026, 2, 5), by=by)
    list_file(unit=org.finance, year=2026, on=datetime.date(2026, 4, 20))  # after 10 April


def test_the_four_items_are_scored_from_the_records(org, users, recorded_items, a_year_of_records):
    appraisal = appraisal_open(unit=org.finance, year=2026, by=users["inspector"])

    checklist_score_from_records(appraisal=appraisal, by=users["inspector"])

    scores = {
        s.item.name: s
        for s in ChecklistScore.objects.filter(appraisal=appraisal).select_related("item")
    }
    assert {name: scores[name].score for name in ITEMS} == {
        "廉政教育开展情况": Decimal("50.00"),  # 6 of the target 12
        "建章立制情况": Decimal("66.67"),  # 2 changes of the target 3
        "承诺书责任书签订情况": Decimal("75.00"),
        "风险清单按时备案": Decimal("50.00"),  # filed, but late
    }
    assert (
        "6" in scores["廉政教育开展情况"].note and "2026-04-20" in scores["风险清单按时备案"].note
    )
    assert scores["建章立制情况"].history.first().history_user == users["inspector"]


def test_a_unit_without_records_scores_nothing_and_inactive_items_are_left_out(org, users, people):
    appraisal = appraisal_open(unit=org.tax, year=2026, by=users["inspector"])
    assert checklist_score_from_records(appraisal=appraisal, by=users["inspector"]) == {}

    link_items(active=False)
    assert checklist_score_from_records(appraisal=appraisal, by=users["inspector"]) == {}

    ChecklistItem.objects.filter(name__in=ITEMS).update(is_active=True)
    scored = checklist_score_from_records(appraisal=appraisal, by=users["inspector"])
    assert {score for score, _note in scored.values()} == {Decimal(0)}


def test_the_checklist_page_starts_from_the_computed_scores(
    org, users, recorded_items, a_year_of_records, login
):
    appraisal = appraisal_open(unit=org.finance, year=2026, by=users["inspector"])
    item = recorded_items["承诺书责任书签订情况"]

    body = (
        login(users["inspector"])
        .get(reverse("assessment:checklist", args=[appraisal.pk]))
        .content.decode()
    )

    assert f'name="score_{item.pk}" value="75.00"' in body
