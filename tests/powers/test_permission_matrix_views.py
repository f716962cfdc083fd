"""Every power-list view three ways: with permission, without, out of scope (404)."""

import pytest

from powers.models import DiscretionBand, PowerPost
from tests.permission_matrix import View, generate

INTRO = (
    "A unit's power list is read by everyone who reaches the unit and changed by those who"
    " fill its register or manage it (FILL or MANAGE on the unit itself)."
)


@pytest.fixture
def matrix_objects(org, make_power):
    power = make_power("CZ-SP-001", steps=["受理", "审核", "决定"], category="行政处罚")
    band = DiscretionBand.objects.create(
        power=power, tier=1, grade=1, facts="初次违法", minimum=1000, maximum=3000, amount_unit="元"
    )
    assignment = PowerPost.objects.create(power=power, post=org.buyer, role="undertake")
    return {
        "power": power,
        "step": power.steps.get(order=2),
        "band": band,
        "assignment": assignment,
        "post": org.buyer,
        "unit": org.finance,
    }


def with_step(objects):
    return [objects["power"].pk, objects["step"].pk]


VIEWS = [
    View("powers:index", "staff"),
    View("powers:power_create", "admin", denied="leader"),
    View("powers:power_export", "auditor"),
    View("powers:power_detail", "leader", obj="power"),
    View("powers:power_edit", "admin", denied="leader", obj="power"),
    View("powers:power_history", "auditor", denied="staff", obj="power"),
    View("powers:assignments_edit", "admin", denied="leader", obj="power"),
    View(
        "powers:assignment_remove",
        "admin",
        denied="group",
        obj="power",
        method="post",
        args=lambda o: [o["power"].pk, o["assignment"].pk],
    ),
    View("powers:steps_edit", "admin", denied="leader", obj="power"),
    View("powers:step_edit", "admin", denied="leader", obj="power", args=with_step),
    View("powers:step_move", "admin", denied="leader", obj="power", method="post", args=with_step),
    View(
        "powers:step_remove", "admin", denied="auditor", obj="power", method="post", args=with_step
    ),
    View("powers:flow_print", "leader", obj="power"),
    View("powers:flow_svg", "staff", obj="power"),
    View("powers:bands_edit", "admin", denied="leader", obj="power"),
    View(
        "powers:band_edit",
        "admin",
        denied="leader",
        obj="power",
        args=lambda o: [o["power"].pk, o["band"].pk],
    ),
    View(
        "powers:band_remove",
        "admin",
        denied="inspector",
        obj="power",
        method="post",
        args=lambda o: [o["power"].pk, o["band"].pk],
    ),
    View("powers:post_detail", "staff", obj="post"),
    View("powers:post_list", "leader", obj="unit"),
    View("powers:coverage_index", "admin"),
    View("powers:coverage", "leader", obj="unit"),
]

(
    test_with_permission,
    test_without_permission,
    test_out_of_scope_is_not_found,
    test_the_document_shows_this_table,
) = generate("powers", VIEWS, INTRO)
