"""The demo power lists: every demo unit meets the issue's minimums, and loading twice creates nothing."""

import pytest
from django.db.models import Count, Q

from powers.apps import PowersConfig
from powers.models import DiscretionBand, FlowStep, PowerItem, StepRisk
from registry.demo import seed_demo
from registry.models import Unit

pytestmark = pytest.mark.django_db

DISCRETIONARY = ["行政处罚", "行政征收"]


@pytest.fixture
def demo(settings) -> dict:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo()


def test_each_demo_unit_has_a_realistic_power_list(demo):
    units = Unit.objects.exclude(parent__isnull=True)
    assert units.count() == 11
    for unit in units:
        powers = PowerItem.objects.filter(unit=unit)
        assert powers.count() >= 40, unit
        assert powers.values("category").distinct().count() >= 3, unit
        assert powers.filter(steps__isnull=False).distinct().count() >= 20, unit
        assert powers.filter(assignments__isnull=False).distinct().count() == powers.count(), unit
        assert StepRisk.objects.filter(step__power__unit=unit).exists(), unit
        banded = powers.annotate(bands=Count("discretion_bands")).filter(bands__gt=0)
        assert banded.count() >= 5, unit


def test_penalty_and_levy_powers_of_enforcement_units_have_bands(demo):
    for code in ["CZ", "SB", "GT", "SW", "MZ", "JS", "HB"]:
        banded = PowerItem.objects.filter(
            unit__code=code, category__name__in=DISCRETIONARY, discretion_bands__isnull=False
        ).distinct()
        assert banded.count() >= 5, code


def test_demo_bands_never_overlap_and_risk_points_sit_in_their_unit(demo):
    for power in PowerItem.objects.filter(discretion_bands__isnull=False).distinct()[:60]:
        bands = list(power.discretion_bands.all())
        for i, band in enumerate(bands):
            assert not any(band.overlaps(other) for other in bands[i + 1 :]), power
    assert not StepRisk.objects.exclude(risk_point__unit=models_f("step__power__unit")).exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_a_twelve_step_chart_is_in_the_demo(demo):
    land = PowerItem.objects.get(unit__code="GT", name="国有建设用地使用权出让")
    assert list(land.steps.values_list("order", flat=True)) == list(range(1, 13))
    assert land.is_major


def test_steps_are_numbered_from_one_without_gaps(demo):
    orders = FlowStep.objects.values("power").annotate(
        n=Count("id"), top=Count("id", filter=Q(order__gte=1))
    )
    for row in orders:
        assert row["n"] == row["top"]


def test_a_second_run_creates_nothing(demo):
    assert demo["power_items"] >= 440
    assert demo["discretion_bands"] >= 5 * 9
    counts = (
        PowerItem.objects.count(),
        FlowStep.objects.count(),
        StepRisk.objects.count(),
        DiscretionBand.objects.count(),
        PowerItem.history.count(),
    )
    again = PowersConfig("powers", __import__("powers")).seed_demo()
    assert not any(again.values())
    assert counts == (
        PowerItem.objects.count(),
        FlowStep.objects.count(),
        StepRisk.objects.count(),
        DiscretionBand.objects.count(),
        PowerItem.history.count(),
    )
