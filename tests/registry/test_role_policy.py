"""Who may grant which role: the service refuses what the form would not offer."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from registry.choices import Role, UnitKind
from registry.models import Person, RoleAssignment, Unit
from registry.scoping import is_discipline_staff
from registry.services import role_grant, role_revoke
from tests.conftest import make_user

LIST = reverse("registry:role_list")


def grant_data(user, role, unit, departments=()) -> dict:
    return {
        "grant-user": user.pk,
        "grant-role": role,
        "grant-unit": unit.pk,
        "grant-departments": [d.pk for d in departments],
    }


@pytest.fixture
def commission(org) -> Unit:
    return Unit.objects.create(
        code="JW",
        name="区纪委监委",
        kind=UnitKind.ORGAN,
        parent=org.district,
        is_discipline_commission=True,
    )


@pytest.fixture
def commission_admin(commission, new_user_with_role):
    return new_user_with_role("jwadmin", Role.ADMIN, commission)


@pytest.fixture
def newcomer(org):
    return make_user("newcomer")


@pytest.mark.parametrize("grantee", ["admin", "leader"])
def test_a_unit_administrator_cannot_make_anyone_discipline_staff(users, org, login, grantee):
    """The reported bypass: the district's admin makes themself or the leader an inspector."""
    response = login(users["admin"]).post(
        LIST, grant_data(users[grantee], Role.INSPECTOR, org.finance)
    )
    assert response.status_code in (200, 403)
    assert not RoleAssignment.objects.filter(user=users[grantee], role=Role.INSPECTOR).exists()
    with pytest.raises(PermissionDenied, match="纪委"):
        role_grant(user=users[grantee], role=Role.INSPECTOR, unit=org.finance, by=users["admin"])
    assert not is_discipline_staff(users[grantee], org.finance)


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.AUDITOR, Role.ADMIN])
def test_a_unit_administrator_grants_no_watching_or_admin_role(users, org, newcomer, role):
    with pytest.raises(PermissionDenied):
        role_grant(user=newcomer, role=role, unit=org.tax, by=users["admin"])
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_the_form_does_not_offer_those_roles_to_a_unit_administrator(users, login):
    offered = dict(login(users["admin"]).get(LIST).context["form"].fields["role"].choices)
    assert Role.LEADING_GROUP in offered
    assert not {Role.INSPECTOR, Role.AUDITOR, Role.ADMIN} & set(offered)


def test_the_commission_administrator_grants_inspectors_anywhere(
    org, login, commission_admin, newcomer
):
    response = login(commission_admin).post(LIST, grant_data(newcomer, Role.INSPECTOR, org.finance))
    assert response.status_code == 302
    assert is_discipline_staff(newcomer, org.treasury)
    assert not is_discipline_staff(newcomer, org.tax)


def test_the_commission_administrator_grants_no_administrators(org, commission_admin, newcomer):
    with pytest.raises(PermissionDenied):
        role_grant(user=newcomer, role=Role.ADMIN, unit=org.tax, by=commission_admin)


def test_a_superuser_grants_every_role(org, newcomer):
    root = make_user("root", superuser=True)
    for role in [Role.ADMIN, Role.INSPECTOR, Role.AUDITOR]:
        role_grant(user=newcomer, role=role, unit=org.tax, by=root)
    assert RoleAssignment.objects.filter(user=newcomer).count() == 3


def test_nobody_grants_themself_a_role(users, org):
    with pytest.raises(PermissionDenied, match="自己"):
        role_grant(user=users["admin"], role=Role.UNIT_LEADER, unit=org.tax, by=users["admin"])


def test_a_bureau_admin_grants_only_within_the_bureau(users, org, new_user_with_role):
    taxadmin = new_user_with_role("taxadmin", Role.ADMIN, org.tax)
    # 王采购 (staff) is a person of the finance bureau.
    with pytest.raises(PermissionDenied):
        role_grant(user=users["staff"], role=Role.LEADING_GROUP, unit=org.tax, by=taxadmin)
    with pytest.raises(PermissionDenied):
        role_grant(user=make_user("x"), role=Role.LEADING_GROUP, unit=org.finance, by=taxadmin)
    role_grant(user=users["taxhead"], role=Role.LEADING_GROUP, unit=org.tax, by=taxadmin)


def test_revoking_an_inspector_needs_the_commission(users, org, login, commission_admin):
    inspector = RoleAssignment.objects.get(user=users["inspector"])
    page = login(users["admin"]).get(LIST)
    shown = {a.pk: a.may_revoke for a in page.context["page"]}
    assert shown[inspector.pk] is False
    response = login(users["admin"]).post(reverse("registry:role_revoke", args=[inspector.pk]))
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=inspector.pk).exists()
    role_revoke(assignment=inspector, by=commission_admin)
    assert not is_discipline_staff(users["inspector"], org.finance)


class TestFindingSomeoneToGrant:
    """The form lists the people a search finds within the granter's reach, never everyone."""

    def offered(self, client, find="") -> set[str]:
        form = client.get(LIST, {"find": find} if find else {}).context["form"]
        return {user.username for user in form.fields["user"].offered}

    def test_nobody_is_listed_before_a_search(self, users, login):
        assert self.offered(login(users["admin"])) == set()

    def test_a_search_by_name_finds_the_person(self, users, login):
        assert self.offered(login(users["admin"]), "王采购") == {"staff"}

    def test_people_of_other_units_are_not_found(self, users, org, login, new_user_with_role):
        taxadmin = new_user_with_role("taxadmin", Role.ADMIN, org.tax)
        Person.objects.create(unit=org.tax, name="李稽查", user=make_user("lijicha"))
        client = login(taxadmin)
        assert self.offered(client, "王采购") == set()
        assert self.offered(client, "李稽查") == {"lijicha"}
        assert "李稽查" in client.get(LIST, {"find": "李"}).content.decode()


def test_the_role_screen_has_no_inline_script(users, login):
    """A Content-Security-Policy without 'unsafe-inline' must leave it working."""
    html = login(users["admin"]).get(LIST).content.decode()
    assert "onsubmit" not in html and "<script>" not in html and 'style="' not in html
    assert "data-confirm" in html
