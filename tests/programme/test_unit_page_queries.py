"""The unit's programme page reads a fixed number of queries however many records it shows."""

import datetime

import pytest
from django.urls import reverse

from programme.models import EducationKind
from programme.services.education import activity_record
from programme.services.letters import letters_issue
from programme.services.rules import plan_add, rule_make

pytestmark = pytest.mark.django_db


def test_the_unit_page_does_not_grow_with_its_records(
    org, users, people, client, django_assert_max_num_queries
):
    client.force_login(users["inspector"])
    url = reverse("programme:unit", args=[org.finance.pk]) + "?year=2026"
    client.get(url)
    by, kind = users["inspector"], EducationKind.objects.get(name="每月一课")
    for month in range(1, 13):
        activity_record(
            unit=org.finance,
            kind=kind,
            held_on=datetime.date(2026, month, 25),
            topic=f"每月一课（{month}月）",
            attendees=list(people.values()),
            by=by,
        )
        rule = rule_make(
            unit=org.finance, title=f"制度{month}", made_on=datetime.date(2026, month, 1), by=by
        )
        plan_add(
            unit=org.finance,
            rule=rule,
            task=f"修订{month}",
            owner=people["buyer"],
            due_on=datetime.date(2026, 12, 1),
            by=by,
        )
    for kind_name in ("commitment", "responsibility"):
        letters_issue(
            unit=org.finance,
            year=2026,
            kind=kind_name,
            title=kind_name,
            issued_on=datetime.date(2026, 2, 1),
            due_on=datetime.date(2026, 3, 1),
            posts=[org.director, org.buyer],
            by=by,
        )

    with django_assert_max_num_queries(20):
        body = client.get(url).content.decode()
    assert 'id="education-activities">12<' in body and 'id="rules-new">12<' in body
