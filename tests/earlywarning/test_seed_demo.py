"""The demo data: one unit of each colour, cases at several steps; a second run creates nothing."""

import pytest
from django.apps import apps
from django.db import transaction

from earlywarning.choices import Step
from earlywarning.models import DisposalCase, Notice, WarningInfo
from earlywarning.standing import unit_standing
from registry.demo import FIXTURE_DIR, _Seeder, read_fixtures
from registry.models import Unit


@pytest.fixture
def demo_district(db):
    units, users = read_fixtures(FIXTURE_DIR)
    with transaction.atomic():
        _Seeder(None).run(units, users)


def test_seed_demo_loads_and_a_second_run_creates_nothing(demo_district):
    config = apps.get_app_config("earlywarning")
    first = config.seed_demo()
    assert first["warnings"] == WarningInfo.objects.count() > 0
    assert first["officers"] == 4 and first["notices"] == Notice.objects.count() > 0
    assert all(n == 0 for n in config.seed_demo().values())

    year = WarningInfo.objects.first().received_on.year
    colours = {
        code: unit_standing(Unit.objects.get(code=code), year).colour for code in ("CZ", "YY", "JS")
    }
    assert colours == {"CZ": "blue", "YY": "yellow", "JS": "red"}
    steps = set(DisposalCase.objects.values_list("step", flat=True))
    assert {Step.REMINDER, Step.INQUIRY, Step.INTERVIEW, Step.DISPOSAL} <= steps
    assert WarningInfo.objects.exclude(complainant_name="").exists()
