"""The quarterly draw: ⌈10%⌉, reproducible, fair, idempotent, and its command."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pdca.models import Inspection, SamplingDraw
from pdca.sampling import Quarter, choose, quota
from pdca.services.draws import draw_for_quarter, replay
from registry.choices import RiskPointStatus

pytestmark = pytest.mark.django_db
Q1, Q2 = Quarter(2026, 1), Quarter(2026, 2)


@pytest.mark.parametrize(("units", "drawn"), [(7, 1), (10, 1), (11, 2), (122, 13), (1000, 100)])
def test_ten_percent_rounded_up(district_of, units, drawn):
    district = district_of(units)
    draw, created = draw_for_quarter(district=district, quarter=Q1)
    assert created
    assert len(draw.candidates) == units  # the district itself and inactive units never count
    assert len(draw.selected) == len(set(draw.selected)) == drawn
    assert Inspection.objects.filter(draw=draw).count() == drawn


def test_the_percentage_is_a_setting(district_of, settings):
    settings.PDCA_SAMPLING_PERCENT = 25
    draw, _ = draw_for_quarter(district=district_of(10), quarter=Q1)
    assert (draw.percent, len(draw.selected)) == (25, 3)


def test_the_same_seed_gives_the_same_draw(district_of):
    district = district_of(122)
    draw, _ = draw_for_quarter(district=district, quarter=Q1)
    assert replay(draw) == draw.selected
    again = choose(seed=draw.seed, candidates=draw.candidates, previous=[], size=13)
    assert again == draw.selected
    other = choose(seed=draw.seed + 1, candidates=draw.candidates, previous=[], size=13)
    assert other != draw.selected


def test_no_unit_is_drawn_again_next_quarter_while_others_remain(district_of):
    district = district_of(20)
    first, _ = draw_for_quarter(district=district, quarter=Q1)
    second, _ = draw_for_quarter(district=district, quarter=Q2)
    assert second.previous_units == first.selected
    assert not set(first.selected) & set(second.selected)


def test_units_drawn_before_fill_up_only_when_others_run_out(district_of, settings):
    settings.PDCA_SAMPLING_PERCENT = 60
    district = district_of(10)
    first, _ = draw_for_quarter(district=district, quarter=Q1)
    second, _ = draw_for_quarter(district=district, quarter=Q2)
    fresh = {c[0] for c in first.candidates} - set(first.selected)
    assert len(second.selected) == 6
    assert fresh <= set(second.selected)  # all 4 not drawn before, plus 2 of the earlier 6


def test_weighting_by_level_one_points_is_off_by_default(district_of, make_point, org):
    district = district_of(10)
    draw, _ = draw_for_quarter(district=district, quarter=Q1)
    assert not draw.weighted
    assert {weight for _unit, weight in draw.candidates} == {1}


def test_weighting_favours_units_with_more_level_one_points(org, make_point, settings):
    settings.PDCA_SAMPLING_WEIGHTED = True
    for n in range(5):
        make_point(level=1, name=f"重大决策{n}", status=RiskPointStatus.ACTIVE, post=None)
    draw, _ = draw_for_quarter(district=org.district, quarter=Q1)
    weights = dict(draw.candidates)
    assert draw.weighted and weights[org.finance.pk] == 6 and weights[org.tax.pk] == 1
    # Over many seeds the heavy unit is drawn far more often than a light one.
    wins = Counter(
        choose(seed=s, candidates=draw.candidates, previous=[], size=1)[0] for s in range(600)
    )
    assert wins[org.finance.pk] > 2 * wins[org.tax.pk]


def test_a_second_run_returns_the_same_draw_and_creates_nothing(district_of):
    district = district_of(30)
    first, created = draw_for_quarter(district=district, quarter=Q1)
    inspections = Inspection.objects.count()
    second, created_again = draw_for_quarter(district=district, quarter=Q1)
    assert created and not created_again
    assert second.pk == first.pk and second.selected == first.selected
    assert SamplingDraw.objects.count() == 1 and Inspection.objects.count() == inspections


def test_command_prints_code_and_name_and_says_when_the_draw_existed(district_of):
    district = district_of(11)
    out = StringIO()
    call_command("run_sampling", "--quarter", "2026Q1", stdout=out)
    lines = out.getvalue().splitlines()
    draw = SamplingDraw.objects.get()
    units = {u.pk: u for u in district.children.all()}
    assert lines == [f"{units[pk].code}\t{units[pk].name}" for pk in draw.selected]

    out = StringIO()
    call_command("run_sampling", "--quarter", "2026Q1", "--verify", stdout=out)
    again = out.getvalue().splitlines()
    assert again[:2] == lines
    assert "2026Q1" in again[2] and len(again) == 4  # "already existed", then the replay's verdict
    assert SamplingDraw.objects.count() == 1


def test_command_rejects_a_bad_quarter(district_of):
    district_of(3)
    with pytest.raises(CommandError, match="--quarter"):
        call_command("run_sampling", "--quarter", "2026Q5")


def test_quota_is_integer_ceiling():
    assert [quota(n, 10) for n in (0, 1, 9, 10, 11, 20, 21)] == [0, 1, 1, 1, 2, 2, 3]


def test_quarters():
    assert Quarter.parse("2026q1") == Q1 and str(Q1.previous()) == "2025Q4"
    assert str(Q1.last_day) == "2026-03-31" and str(Quarter(2026, 4).last_day) == "2026-12-31"
    with pytest.raises(ValueError):
        Quarter.parse("2026-1")
