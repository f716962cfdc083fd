"""Signing in through a unified identity platform (OpenID Connect).

A small provider in the test issues RS256 id_tokens; the whole authorization-code
round trip runs: the login page's button, the redirect with state, nonce and
PKCE, the provider's redirect back, the token exchange and the signature,
nonce, audience and issuer checks.
"""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.choices import ProposalState, Role
from registry.models import Person, RoleAssignment, RoleProposal
from tests.conftest import make_user
from tests.registry.directory_support import Provider, apply_environment

LOGIN = "/accounts/login/"


@pytest.fixture
def provider(settings):
    with Provider() as running:
        apply_environment(
            settings,
            running.environment(DIRECTORY_GROUP_ROLES='{"纪委-班子": "unit_leader@FIN"}'),
        )
        yield running


@pytest.fixture
def alice(users, org):
    user = make_user("alice")
    Person.objects.create(unit=org.finance, name="艾丽", user=user, employee_number="E1001")
    return user


def round_trip(client, provider, claims: dict, next_url: str = ""):
    """Press the button, sign in at the provider as ``claims``, come back; the final answer."""
    provider.next_claims = claims
    start = client.get(
        reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    )
    assert start.status_code == 302
    to_provider = urlparse(start["Location"])
    params = parse_qs(to_provider.query)
    assert to_provider.netloc == urlparse(provider.url).netloc
    assert {"state", "nonce", "code_challenge"} <= set(params)
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlparse(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_as(client):
    pk = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=pk) if pk else None


def test_the_login_page_offers_the_identity_platform(client, provider):
    page = client.get(LOGIN).content.decode()
    assert "使用统一身份认证平台登录" in page
    assert reverse("oidc_authentication_init") in page


def test_a_full_round_trip_signs_in_the_matching_login(client, provider, alice):
    target = reverse("registry:my_tasks")
    response = round_trip(client, provider, {"preferred_username": "alice"}, next_url=target)
    assert response.status_code == 302
    assert response["Location"] == target
    assert signed_in_as(client) == alice
    assert client.get(target).status_code == 200
    alice.is_active = False
    alice.save()
    assert client.get(target).status_code == 302  # deactivated here: the session ends


def test_the_employee_number_claim_finds_the_person(client, provider, users, org):
    person = Person.objects.create(unit=org.tax, name="张达", employee_number="E1004")
    claims = {"preferred_username": "zhangda", "employee_number": "E1004", "email": "z@example.org"}
    round_trip(client, provider, claims)
    person.refresh_from_db()
    assert signed_in_as(client) == person.user
    assert person.user.username == "zhangda" and person.user.email == "z@example.org"


def test_an_unknown_account_is_sent_back_with_the_reason(client, provider, users):
    response = round_trip(client, provider, {"preferred_username": "stranger"})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert signed_in_as(client) is None
    assert "未在本系统登记" in client.get(LOGIN).content.decode()
    assert not get_user_model().objects.filter(username="stranger").exists()


def test_a_forged_state_is_refused(client, provider, alice):
    provider.next_claims = {"preferred_username": "alice"}
    start = client.get(reverse("oidc_authentication_init"))
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlparse(back.headers["Location"])
    code = parse_qs(callback.query)["code"][0]
    response = client.get(f"{callback.path}?code={code}&state=forged")
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_an_id_token_for_another_nonce_is_refused(client, provider, alice):
    provider.tamper = {"nonce": "replayed-from-elsewhere"}
    round_trip(client, provider, {"preferred_username": "alice"})
    assert signed_in_as(client) is None


@pytest.mark.parametrize("claim", [{"aud": "another-client"}, {"iss": "https://evil.example"}])
def test_an_id_token_for_another_client_or_issuer_is_refused(client, provider, alice, claim):
    provider.tamper = claim
    round_trip(client, provider, {"preferred_username": "alice"})
    assert signed_in_as(client) is None


def test_the_groups_claim_proposes_roles(client, provider, alice, org):
    round_trip(client, provider, {"preferred_username": "alice", "groups": ["纪委-班子"]})
    proposal = RoleProposal.objects.get(user=alice)
    assert (proposal.role, proposal.unit, proposal.state) == (
        Role.UNIT_LEADER,
        org.finance,
        ProposalState.PENDING,
    )
    assert proposal.source == "oidc"
    assert not RoleAssignment.objects.filter(user=alice).exists()


def test_without_configuration_there_is_no_button_and_no_endpoint(client, settings, users):
    apply_environment(settings, {})
    assert "统一身份认证" not in client.get(LOGIN).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_a_deactivated_person_gets_no_login(client, provider, users, org):
    Person.objects.create(unit=org.tax, name="离岗人员", employee_number="E3000", is_active=False)
    round_trip(client, provider, {"preferred_username": "gone", "employee_number": "E3000"})
    assert signed_in_as(client) is None
    assert "已停用" in client.get(LOGIN).content.decode()
    assert not get_user_model().objects.filter(username="gone").exists()
