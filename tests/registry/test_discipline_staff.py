"""Every app agrees who is discipline-inspection staff of a unit (issue 12, finding 3).

One definition (``registry.scoping``): the holders of the inspector role on the
unit or on a unit above it. A unit's own leaders send lists back and approve
them, but are never the staff who watch them.
"""

import importlib

import pytest
from django.apps import apps
from guardian.models import UserObjectPermission

from assessment import access as assessment
from earlywarning import access as earlywarning
from pdca import access as pdca
from registry import scoping
from registry.choices import Role
from registry.models import RoleAssignment
from registry.services import role_revoke
from tests.conftest import grant, make_user

DEPARTMENT_ROLES = {Role.LEADER_IN_CHARGE, Role.DEPARTMENT_HEAD}
# Where the unit asked about sits, seen from the finance bureau where the role is held.
TARGETS = ["own", "child", "parent", "sibling"]


def unit_of(org, target):
    return {"own": org.finance, "child": org.treasury, "parent": org.district, "sibling": org.tax}[
        target
    ]


def every_apps_answer(user, unit) -> dict[str, bool]:
    return {
        "registry": scoping.is_discipline_staff(user, unit),
        "earlywarning handles": earlywarning.is_discipline_staff(user, unit),
        "earlywarning units": earlywarning.handled_units(user).filter(pk=unit.pk).exists(),
        "earlywarning notifies": earlywarning.discipline_staff_for(unit)
        .filter(pk=user.pk)
        .exists(),
        "pdca inspects and verifies": pdca.oversees(user, unit),
        "assessment appraises": assessment.is_assessor(user, unit),
        "assessment units": assessment.assessor_units(user).filter(pk=unit.pk).exists(),
        "draw assignment": (unit.path, user.pk) in scoping.discipline_staff_within(unit),
    }


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", Role.values)
def test_every_app_agrees_on_discipline_staff(org, role, target):
    user = make_user(f"holder-{role}")
    grant(user, role, org.finance, [org.procurement] if role in DEPARTMENT_ROLES else ())
    unit = unit_of(org, target)
    expected = role == Role.INSPECTOR and target in {"own", "child"}
    answers = every_apps_answer(user, unit)
    if target == "child":
        # The draw assigns staff of the unit itself only; from above they reach it by scope.
        answers.pop("draw assignment")
    assert answers == dict.fromkeys(answers, expected)


def test_revoking_the_inspector_role_ends_it_everywhere(org):
    user = make_user("former")
    grant(user, Role.INSPECTOR, org.finance)
    role_revoke(assignment=RoleAssignment.objects.get(user=user), by=None)
    assert not any(every_apps_answer(user, org.finance).values())


def test_the_data_migration_gives_existing_inspectors_the_permission(org, users):
    """Assignments made before the INSPECT permission existed get it from migration 0008."""
    migration = importlib.import_module("registry.migrations.0010_grant_inspect_and_decide")
    UserObjectPermission.objects.filter(
        permission__codename__in=["inspect_unit", "decide_register"]
    ).delete()
    scoping.forget_scope(users["inspector"])
    assert not scoping.is_discipline_staff(users["inspector"], org.finance)
    migration.grant(apps, None)
    migration.grant(apps, None)  # a second run changes nothing
    scoping.forget_scope(users["inspector"])
    assert scoping.is_discipline_staff(users["inspector"], org.finance)
    assert UserObjectPermission.objects.filter(permission__codename="inspect_unit").count() == 1
    assert UserObjectPermission.objects.filter(permission__codename="decide_register").count() == 1
