"""Personal tokens (shown once, stored hashed, expiring, revocable), the browser session
with CSRF, rate limits per token, and the one error shape in the caller's language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from registry.api.throttling import TokenRateThrottle
from registry.models import ApiToken
from tests.api.support import token_client

UNITS = "/api/v1/units/"


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_hashed(client, users):
    client.force_login(users["leader"])
    page = client.post(reverse("registry:api_tokens"), {"name": "OA 系统", "days": 30})
    secret = page.context["secret"]
    assert secret.startswith("irr_") and secret in page.content.decode()
    token = ApiToken.objects.get(user=users["leader"])
    assert secret not in (token.key_digest, token.hint)
    assert secret not in client.get(reverse("registry:api_tokens")).content.decode()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(UNITS).status_code == 200

    client.post(reverse("registry:api_token_revoke", args=[token.pk]))
    assert api.get(UNITS).status_code == 401


def test_nobody_revokes_another_users_token(client, users):
    api = token_client(users["leader"])
    token = ApiToken.objects.get(user=users["leader"])
    client.force_login(users["staff"])
    assert client.post(reverse("registry:api_token_revoke", args=[token.pk])).status_code == 404
    assert api.get(UNITS).status_code == 200


def test_an_expired_token_is_refused(users):
    api = token_client(users["leader"])
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = api.get(UNITS)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_the_browser_session_reads_but_writes_only_with_csrf(users, org):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(users["staff"])
    assert api.get(UNITS).status_code == 200
    body = {"unit": org.finance.pk, "scope": "post", "post": org.buyer.pk, "name": "x",
            "category": org.category.pk, "level": 2}  # fmt: skip
    response = api.post(reverse("api:riskpoint-list"), body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_errors_name_the_field_in_the_callers_language(users, org):
    api = token_client(users["staff"])
    body = {"unit": org.finance.pk, "scope": "post", "post": org.buyer.pk, "name": "无等级",
            "category": org.category.pk, "level": 7, "year": 2026, "discovery_method": "self",
            "measures": [{"defence_line": "prevention", "text": ""}]}  # fmt: skip
    english = api.post(
        reverse("api:riskpoint-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 400
    error = english.json()
    assert error["status"] == 400
    fields = {e["field"]: e["message"] for e in error["errors"]}
    assert "level" in fields and "valid choice" in fields["level"]
    assert "measures[0].text" in fields
    chinese = api.post(
        reverse("api:riskpoint-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "有效" in {e["field"]: e["message"] for e in chinese.json()["errors"]}["level"]


def test_out_of_scope_is_404_and_forbidden_is_403_in_the_error_shape(users, make_point, org):
    point = make_point(post=org.tax_inspector, code="TAX-1")
    response = token_client(users["depthead"]).get(reverse("api:riskpoint-detail", args=[point.pk]))
    assert response.status_code == 404
    assert set(response.json()) == {"status", "code", "detail", "errors"}
    own = make_point(code="OWN-1")
    url = reverse("api:riskpoint-detail", args=[own.pk])
    refused = token_client(users["leader"]).patch(url, {"remarks": "改"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_each_token_has_its_own_rate_limit(users, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    first, second = token_client(users["leader"]), token_client(users["leader"])
    assert [first.get(UNITS).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get(UNITS).status_code == 200


def test_people_carry_no_private_fields(users):
    people = token_client(users["leader"]).get("/api/v1/people/").json()["results"]
    assert people and all(
        set(p) == {"id", "unit", "department", "name", "title", "is_active"} for p in people
    )


@pytest.fixture
def warning(org, users):
    from earlywarning.models import WarningInfo

    return WarningInfo.objects.create(
        unit=org.finance, source_type="complaint", received_on=datetime.date(2026, 3, 1),
        summary="采购围标", facts="群众来信反映", complainant_name="李四",
        complainant_contact="13900000000", created_by=users["inspector"],
    )  # fmt: skip


def test_complainant_details_reach_discipline_staff_only(users, warning):
    url = reverse("api:warning-detail", args=[warning.pk])
    seen_by_inspector = token_client(users["inspector"]).get(url).json()
    assert seen_by_inspector["complainant_name"] == "李四"
    seen_by_leader = token_client(users["leader"]).get(url).json()
    assert seen_by_leader["summary"] == "采购围标"
    assert seen_by_leader["complainant_name"] is None
    assert seen_by_leader["complainant_contact"] is None
    listed = token_client(users["leader"]).get(reverse("api:warning-list")).json()["results"]
    assert all(w["complainant_name"] is None for w in listed)


def test_discipline_staff_take_in_warning_information(users, org):
    body = {"unit": org.finance.pk, "source_type": "complaint", "received_on": "2026-03-02",
            "summary": "接口录入", "facts": "来信", "complainant_name": "王五"}  # fmt: skip
    response = token_client(users["inspector"]).post(
        reverse("api:warning-list"), body, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["verification"] == "pending"
    refused = token_client(users["leader"]).post(reverse("api:warning-list"), body, format="json")
    assert refused.status_code == 403
