"""Discretion standards: bands of one power must not overlap."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from powers.models import DiscretionBand
from powers.services import band_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def penalty(make_power):
    power = make_power("CZ-CF-001", category="行政处罚", name="对违反政府采购规定的处罚")
    DiscretionBand.objects.create(
        power=power,
        tier=1,
        grade=1,
        facts="初次违法且及时改正",
        minimum=1000,
        maximum=3000,
        amount_unit="元",
    )
    return power


def _post(client, power, **fields):
    data = {"tier": 1, "grade": 2, "facts": "情节较轻", "amount_unit": "元", **fields}
    return client.post(reverse("powers:bands_edit", args=[power.pk]), data)


def test_an_overlapping_band_is_refused_and_nothing_saved(users, login, penalty):
    response = _post(login(users["admin"]), penalty, minimum="2000", maximum="5000")
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors and "1000–3000" in errors[0]
    assert penalty.discretion_bands.count() == 1


def test_bands_may_meet_at_a_boundary(users, login, penalty):
    response = _post(login(users["admin"]), penalty, minimum="3000", maximum="5000")
    assert response.status_code == 302
    assert penalty.discretion_bands.count() == 2


def test_a_band_inside_another_is_an_overlap(penalty, users):
    for low, high in [(1500, 2500), (3000, 3000), (None, 1000.5), (500, None)]:
        band = DiscretionBand(
            power=penalty, tier=2, grade=1, facts="x", minimum=low, maximum=high, amount_unit="元"
        )
        with pytest.raises(ValidationError):
            band_save(band=band, by=users["admin"])


def test_ranges_in_other_units_of_measure_do_not_collide(penalty, users):
    band = DiscretionBand(
        power=penalty,
        tier=2,
        grade=1,
        facts="滞纳",
        minimum=Decimal("0.5"),
        maximum=2,
        amount_unit="倍",
    )
    band_save(band=band, by=users["admin"])
    assert penalty.discretion_bands.count() == 2


def test_the_same_level_and_grade_twice_is_refused(users, login, penalty):
    response = _post(login(users["admin"]), penalty, grade=1, minimum="8000", maximum="9000")
    assert "grade" in response.context["form"].errors


def test_a_reversed_range_or_an_empty_band_is_refused(users, login, penalty):
    client = login(users["admin"])
    assert "maximum" in _post(client, penalty, minimum="900", maximum="100").context["form"].errors
    assert "measure" in _post(client, penalty, amount_unit="").context["form"].errors


def test_editing_a_band_does_not_collide_with_itself(users, login, penalty):
    band = penalty.discretion_bands.get()
    response = login(users["admin"]).post(
        reverse("powers:band_edit", args=[penalty.pk, band.pk]),
        {
            "tier": 1,
            "grade": 1,
            "facts": "初次违法",
            "minimum": "1000",
            "maximum": "2500",
            "amount_unit": "元",
        },
    )
    assert response.status_code == 302
    band.refresh_from_db()
    assert band.maximum == 2500


def test_bands_are_shown_on_the_power_page(users, login, penalty):
    body = login(users["leader"]).get(reverse("powers:power_detail", args=[penalty.pk]))
    assert "初次违法且及时改正" in body.content.decode()
