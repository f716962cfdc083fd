"""Fixtures for the cycle: a 2026 cycle, points in effect with measures, a drawn inspection."""

import pytest

from pdca.models import Inspection
from pdca.sampling import Quarter
from pdca.services.cycles import cycle_create
from pdca.services.draws import draw_for_quarter
from registry.choices import RiskPointStatus, UnitKind
from registry.models import Measure, Unit


@pytest.fixture
def cycle(org, users):
    return cycle_create(district=org.district, year=2026, by=users["admin"])


@pytest.fixture
def measures_in_effect(make_point, org):
    """The finance bureau's register in effect: one level-1 and one level-2 point with two
    measures each, and ten level-3 points with one measure each."""

    def point(level: int, name: str, count: int, post=org.buyer):
        p = make_point(level=level, name=name, status=RiskPointStatus.ACTIVE, post=post)
        for n in range(count):
            Measure.objects.create(risk_point=p, defence_line="prevention", text=f"{name}措施{n}")
        return p

    points = [point(1, "大额资金集体决策", 2, post=None), point(2, "采购需求审核", 2)]
    points += [point(3, f"办公用品领用{n}", 1) for n in range(10)]
    return points


@pytest.fixture
def inspection(
    org, users, measures_in_effect, every_unit, django_capture_on_commit_callbacks
) -> Inspection:
    """The finance bureau's inspection in a draw that takes every unit (100%)."""
    with django_capture_on_commit_callbacks(execute=True):
        draw, _ = draw_for_quarter(district=org.district, quarter=Quarter(2026, 1), seed=7)
    return Inspection.objects.get(draw=draw, unit=org.finance)


@pytest.fixture
def every_unit(settings):
    settings.PDCA_SAMPLING_PERCENT = 100


@pytest.fixture
def district_of():
    """``district_of(n)``: a district with n active units (and an inactive one that never counts)."""

    def make(n: int, code: str = "X") -> Unit:
        district = Unit.objects.create(code=code, name="抽样区", kind=UnitKind.DISTRICT)
        for i in range(n):
            Unit.objects.create(
                code=f"{code}{i:04d}", name=f"单位{i}", kind=UnitKind.ORGAN, parent=district
            )
        Unit.objects.create(
            code=f"{code}-OFF",
            name="已撤销单位",
            kind=UnitKind.ORGAN,
            parent=district,
            is_active=False,
        )
        return district

    return make
