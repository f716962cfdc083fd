"""Signing in with a directory account, against a real OpenLDAP server.

The login page is the same; the directory checks the password. A person is found
by login name or employee number; a locked (disabled) account, a wrong password
and an unknown account are refused; groups only propose roles, which an
administrator confirms.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.choices import ProposalState, Role
from registry.models import Person, RoleAssignment, RoleProposal
from tests.conftest import PASSWORD, make_user
from tests.registry.directory_support import (
    ACCOUNTS,
    DISCIPLINE_GROUP,
    LEADERS_GROUP,
    apply_environment,
    start_slapd,
    write_certificates,
)

LOGIN = "/accounts/login/"
GROUP_ROLES = json.dumps({LEADERS_GROUP: "unit_leader@FIN", DISCIPLINE_GROUP: ["inspector@D"]})


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()


@pytest.fixture
def ldap_on(settings, slapd):
    apply_environment(settings, slapd.environment(DIRECTORY_GROUP_ROLES=GROUP_ROLES))
    return slapd


@pytest.fixture
def alice(users, org):
    """A login made by hand here, with the same name as in the directory."""
    user = make_user("alice")
    Person.objects.create(unit=org.finance, name="艾丽", user=user, employee_number="E1001")
    return user


def sign_in(client, name: str, password: str | None = None):
    password = password if password is not None else ACCOUNTS[name][1]
    return client.post(LOGIN, {"username": name, "password": password})


def signed_in_as(client):
    pk = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=pk) if pk else None


def test_a_directory_password_signs_in_the_login_of_the_same_name(client, ldap_on, alice):
    response = sign_in(client, "alice")
    assert response.status_code == 302
    assert signed_in_as(client) == alice
    assert client.get(reverse("registry:riskpoint_list")).status_code == 200
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"  # kept as the directory has it

    # Deactivating the login here ends the directory session too.
    alice.is_active = False
    alice.save()
    assert client.get(reverse("registry:riskpoint_list")).status_code == 302


def test_the_local_password_still_works(client, ldap_on, alice):
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert signed_in_as(client) == alice


def test_a_wrong_password_is_refused(client, ldap_on, alice):
    response = sign_in(client, "alice", "not-the-password")
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert "请输入一个正确的" in response.content.decode()


def test_a_disabled_account_is_refused_even_with_its_password(client, ldap_on, users, org):
    Person.objects.create(unit=org.finance, name="鲍勃", user=make_user("bob"))
    response = sign_in(client, "bob")
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_a_person_is_found_by_employee_number(client, ldap_on, users, org):
    person = Person.objects.create(unit=org.finance, name="张达", employee_number="E1004")
    assert sign_in(client, "dave.zhang").status_code == 302
    person.refresh_from_db()
    user = signed_in_as(client)
    assert person.user == user
    assert user.username == "dave.zhang"
    assert not user.has_usable_password()  # only the directory's password opens it
    assert person.history.first().history_change_reason == "directory sign-in (ldap)"


def test_an_unknown_account_is_told_whom_to_ask(client, ldap_on, users):
    response = sign_in(client, "carol")
    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert "未在本系统登记" in response.content.decode()
    assert not get_user_model().objects.filter(username="carol").exists()


def test_unknown_accounts_may_be_let_in_with_nothing(client, settings, slapd, users):
    apply_environment(settings, slapd.environment(DIRECTORY_UNKNOWN_USERS="create"))
    assert sign_in(client, "carol").status_code == 302
    carol = signed_in_as(client)
    assert carol.username == "carol"
    assert not RoleAssignment.objects.filter(user=carol).exists()
    page = client.get(reverse("registry:riskpoint_list"))
    assert page.status_code == 200
    assert page.context["page"].total == 0


def test_a_superuser_login_is_not_opened_by_the_directory(client, ldap_on, users):
    make_user("root", superuser=True)
    response = sign_in(client, "root")
    assert signed_in_as(client) is None
    assert "管理员账号" in response.content.decode()
    assert sign_in(client, "root", PASSWORD).status_code == 302  # its own password works


def test_groups_propose_roles_and_grant_nothing(client, ldap_on, alice, org):
    sign_in(client, "alice")
    proposals = {p.role: p for p in RoleProposal.objects.filter(user=alice)}
    assert set(proposals) == {Role.UNIT_LEADER, Role.INSPECTOR}
    assert {p.state for p in proposals.values()} == {ProposalState.PENDING}
    assert proposals[Role.UNIT_LEADER].unit == org.finance
    assert LEADERS_GROUP in proposals[Role.UNIT_LEADER].groups
    assert not RoleAssignment.objects.filter(user=alice).exists()

    # Signing in again proposes nothing twice.
    client.logout()
    sign_in(client, "alice")
    assert RoleProposal.objects.filter(user=alice).count() == 2


def test_an_administrator_confirms_the_proposed_role(client, ldap_on, alice, users, login):
    sign_in(client, "alice")
    proposal = RoleProposal.objects.get(user=alice, role=Role.UNIT_LEADER)
    admin = login(users["admin"])
    page = admin.get(reverse("registry:role_proposals"))
    assert "艾丽" in page.content.decode()
    response = admin.post(reverse("registry:role_proposal_confirm", args=[proposal.pk]))
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=alice, role=Role.UNIT_LEADER).exists()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (ProposalState.CONFIRMED, users["admin"])

    # The district's administrator is not the discipline commission's: the
    # inspector role stays a proposal.
    inspector = RoleProposal.objects.get(user=alice, role=Role.INSPECTOR)
    refused = admin.post(reverse("registry:role_proposal_confirm", args=[inspector.pk]))
    assert refused.status_code == 403
    assert not RoleAssignment.objects.filter(user=alice, role=Role.INSPECTOR).exists()


def test_repeated_wrong_directory_passwords_lock_the_login_out(client, settings, ldap_on, alice):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "alice", "guess-guess")
    locked = sign_in(client, "alice")
    assert locked.status_code == 429
    assert signed_in_as(client) is None


def test_start_tls_checks_the_directory_certificate(client, settings, slapd, alice, tmp_path):
    apply_environment(
        settings, slapd.environment(LDAP_START_TLS="1", LDAP_CA_FILE=str(slapd.ca_file))
    )
    assert sign_in(client, "alice").status_code == 302
    assert signed_in_as(client) == alice
    client.logout()

    # A certificate from a CA the site does not trust: no sign-in.
    other_ca = write_certificates(tmp_path)
    apply_environment(settings, slapd.environment(LDAP_START_TLS="1", LDAP_CA_FILE=str(other_ca)))
    assert sign_in(client, "alice").status_code == 200
    assert signed_in_as(client) is None
