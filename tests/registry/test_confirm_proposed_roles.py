"""Roles proposed by directory groups: recorded at sign-in, granted only when an
administrator who may grant the role confirms them."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.directory import directory_settings
from registry.choices import ProposalState, Role, UnitKind
from registry.directory.proposals import proposal_confirm, propose_roles
from registry.models import RoleAssignment, RoleProposal, Unit
from tests.conftest import make_user

PAGE = reverse("registry:role_proposals")
LEADERS = "cn=Fin-Leaders,ou=groups,dc=example,dc=org"
HEADS = "cn=procurement-heads,ou=groups,dc=example,dc=org"
DISCIPLINE = "cn=discipline,ou=groups,dc=example,dc=org"


@pytest.fixture
def mapping(settings):
    settings.DIRECTORY_GROUP_ROLES = directory_settings(
        {
            "DIRECTORY_GROUP_ROLES": json.dumps(
                {
                    LEADERS.lower(): "unit_leader@FIN",
                    HEADS: ["department_head@FIN/政府采购科", "post_holder@NOWHERE"],
                    DISCIPLINE: "inspector@D",
                }
            )
        }
    )["DIRECTORY_GROUP_ROLES"]


@pytest.fixture
def newcomer(org):
    return make_user("newcomer")


def proposals(user) -> dict:
    return {p.role: p for p in RoleProposal.objects.filter(user=user)}


def test_groups_propose_roles_on_their_units_and_departments(mapping, newcomer, org):
    propose_roles(user=newcomer, source="ldap", groups={LEADERS, HEADS})
    found = proposals(newcomer)
    assert set(found) == {Role.UNIT_LEADER, Role.DEPARTMENT_HEAD}  # NOWHERE is no unit: left out
    assert list(found[Role.DEPARTMENT_HEAD].departments.all()) == [org.procurement]
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_a_group_left_before_anyone_decided_withdraws_its_proposal(mapping, newcomer):
    propose_roles(user=newcomer, source="ldap", groups={LEADERS, HEADS})
    propose_roles(user=newcomer, source="ldap", groups={HEADS})
    assert proposals(newcomer)[Role.UNIT_LEADER].state == ProposalState.WITHDRAWN
    propose_roles(user=newcomer, source="ldap", groups={LEADERS})
    assert proposals(newcomer)[Role.UNIT_LEADER].state == ProposalState.PENDING


def test_a_declined_role_is_not_proposed_again(mapping, newcomer, users, login):
    propose_roles(user=newcomer, source="ldap", groups={LEADERS})
    proposal = proposals(newcomer)[Role.UNIT_LEADER]
    response = login(users["admin"]).post(
        reverse("registry:role_proposal_decline", args=[proposal.pk])
    )
    assert response.status_code == 302
    propose_roles(user=newcomer, source="ldap", groups={LEADERS})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_confirming_grants_the_role_with_its_departments(mapping, newcomer, users, login, org):
    propose_roles(user=newcomer, source="ldap", groups={HEADS})
    proposal = proposals(newcomer)[Role.DEPARTMENT_HEAD]
    admin = login(users["admin"])
    admin.post(reverse("registry:role_proposal_confirm", args=[proposal.pk]))
    assignment = RoleAssignment.objects.get(user=newcomer, role=Role.DEPARTMENT_HEAD)
    assert list(assignment.departments.all()) == [org.procurement]
    # A second press (another tab) is told it was decided, and grants nothing twice.
    again = admin.post(reverse("registry:role_proposal_confirm", args=[proposal.pk]), follow=True)
    assert "已不再待确认" in again.content.decode()
    assert RoleAssignment.objects.filter(user=newcomer).count() == 1


def test_only_the_commission_confirms_discipline_roles(mapping, newcomer, users, org, login):
    propose_roles(user=newcomer, source="oidc", groups={DISCIPLINE})
    proposal = proposals(newcomer)[Role.INSPECTOR]

    page = login(users["admin"]).get(PAGE).content.decode()
    assert "纪委" in page  # the reason instead of the buttons
    assert reverse("registry:role_proposal_confirm", args=[proposal.pk]) not in page
    denied = login(users["admin"]).post(
        reverse("registry:role_proposal_confirm", args=[proposal.pk])
    )
    assert denied.status_code == 403

    commission = Unit.objects.create(
        code="JW", name="区纪委监委", kind=UnitKind.ORGAN, parent=org.district,
        is_discipline_commission=True,
    )  # fmt: skip
    commission_admin = make_user("jwadmin")
    proposal_confirm(
        proposal=RoleProposal.objects.create(
            user=commission_admin, role=Role.ADMIN, unit=commission, source="ldap", groups="x"
        ),
        by=make_user("root", superuser=True),
    )
    assert (
        login(commission_admin)
        .post(reverse("registry:role_proposal_confirm", args=[proposal.pk]))
        .status_code
        == 302
    )
    assert RoleAssignment.objects.filter(user=newcomer, role=Role.INSPECTOR).exists()


def test_the_roles_page_shows_how_many_wait(mapping, newcomer, users, login):
    propose_roles(user=newcomer, source="ldap", groups={LEADERS, HEADS})
    page = login(users["admin"]).get(reverse("registry:role_list")).content.decode()
    assert PAGE in page and '<span class="count">2</span>' in page


def test_the_proposal_page_answers_in_constant_queries(
    mapping, users, login, django_assert_max_num_queries
):
    for index in range(15):
        propose_roles(user=make_user(f"u{index}"), source="ldap", groups={LEADERS, HEADS})
    client = login(users["admin"])
    with django_assert_max_num_queries(20):
        response = client.get(PAGE)
    assert response.context["page"].paginator.count == 30


def test_nothing_changes_without_directory_variables():
    settings = directory_settings({})
    assert settings["DIRECTORY_BACKENDS"] == []
    assert not settings["LDAP_ENABLED"] and not settings["OIDC_ENABLED"]
    assert "AUTH_LDAP_SERVER_URI" not in settings


@pytest.mark.parametrize(
    "env",
    [
        {"DIRECTORY_GROUP_ROLES": "{not json"},
        {"DIRECTORY_GROUP_ROLES": '{"cn=x": "unit_leader"}'},
        {"DIRECTORY_GROUP_ROLES": '{"cn=x": "boss@FIN"}'},
        {"DIRECTORY_UNKNOWN_USERS": "maybe"},
        {"OIDC_RP_CLIENT_ID": "register"},  # without its endpoints
    ],
)
def test_a_mistake_in_the_variables_stops_the_start(env):
    with pytest.raises(ImproperlyConfigured):
        directory_settings(env)
