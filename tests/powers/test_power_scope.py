"""Scope: other units' powers are 404, read-only readers get a 403 with a reason."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

pytestmark = pytest.mark.django_db


@pytest.fixture
def power(make_power):
    return make_power("CZ-1", steps=["受理"])


def _urls(power) -> list[str]:
    step = power.steps.get()
    return [
        reverse("powers:power_detail", args=[power.pk]),
        reverse("powers:flow_svg", args=[power.pk]),
        reverse("powers:flow_print", args=[power.pk]),
        reverse("powers:power_edit", args=[power.pk]),
        reverse("powers:steps_edit", args=[power.pk]),
        reverse("powers:step_edit", args=[power.pk, step.pk]),
        reverse("powers:bands_edit", args=[power.pk]),
        reverse("powers:assignments_edit", args=[power.pk]),
    ]


@pytest.mark.parametrize("username", ["taxhead", "nobody"])
def test_another_units_power_is_not_found(users, login, power, username):
    client = login(users[username])
    for url in _urls(power):
        assert client.get(url).status_code == 404, url
    step = power.steps.get()
    assert client.post(reverse("powers:step_remove", args=[power.pk, step.pk])).status_code == 404
    assert power.steps.exists()


def test_readers_may_read_but_not_change(users, login, power):
    client = login(users["leader"])
    read, write = _urls(power)[:3], _urls(power)[3:]
    for url in read:
        assert client.get(url).status_code == 200, url
    for url in write:
        response = client.get(url)
        assert response.status_code == 403, url
    step = power.steps.get()
    response = client.post(reverse("powers:step_remove", args=[power.pk, step.pk]))
    assert response.status_code == 403
    assert power.steps.exists()


def test_the_refusal_names_the_unit(users, login, power, settings):
    response = login(users["leader"]).get(reverse("powers:power_edit", args=[power.pk]))
    reason = _("You may read the power list of %(unit)s but not change it.") % {"unit": power.unit}
    assert reason in response.content.decode()


def test_moving_a_power_to_a_unit_outside_ones_reach_is_refused(
    org, users, login, power, new_user_with_role
):
    from registry.choices import Role

    finance_admin = new_user_with_role("finadmin", Role.ADMIN, org.finance)
    response = login(finance_admin).post(
        reverse("powers:power_edit", args=[power.pk]),
        {
            "unit": org.tax.pk,
            "code": "CZ-1",
            "name": "x",
            "category": power.category_id,
            "status": "in_force",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    power.refresh_from_db()
    assert power.unit == org.finance


def test_no_create_page_without_a_writable_unit(users, login):
    assert login(users["leader"]).get(reverse("powers:power_create")).status_code == 403
