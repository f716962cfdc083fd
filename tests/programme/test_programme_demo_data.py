"""The demo district gets a year of programme records per unit, once."""

import pytest

from programme.models import EducationActivity, Letter, LetterBatch, Rule
from registry.demo import seed_demo
from registry.models import Unit

pytestmark = pytest.mark.django_db


def test_every_demo_unit_gets_a_year_of_records_and_a_second_run_adds_nothing():
    counts = seed_demo()

    finance = Unit.objects.get(code="CZ")
    assert (
        counts["programme_education"]
        == 16 * Unit.objects.filter(people__isnull=False).distinct().count()
    )
    assert EducationActivity.objects.filter(unit=finance, held_on__year=2025).count() == 16
    assert Rule.objects.filter(unit=finance).count() == 5
    batch = LetterBatch.objects.get(unit=finance, year=2025, kind="commitment")
    assert batch.letters.missing().count() == 1 and batch.letters.signed().exists()

    again = seed_demo()
    assert again["programme_education"] == again["programme_letters"] == 0
    assert Letter.objects.filter(batch=batch).count() == batch.letters.count()
