"""The API answers the register's role × action × own/sibling/parent matrix exactly as
the browser does: the expected outcomes are the browser test's own table
(tests/registry/test_permission_matrix.py), here requested through /api/v1/."""

import pytest
from django.urls import reverse

from registry.choices import RiskPointStatus as S
from registry.models import RiskPoint
from registry.workflow import risk_list_for
from tests.api.support import token_client
from tests.registry.test_permission_matrix import (
    ACTIONS,
    ROLES,
    STATE,
    TARGETS,
    D,
    expected,
    targets,  # noqa: F401 - the browser matrix's own objects
)


def attempt(client, action: str, point: RiskPoint):
    RiskPoint.objects.filter(pk=point.pk).update(status=STATE.get(action, S.DRAFT))
    RiskPoint.objects.filter(revision_of=point).delete()
    reads = {
        "view": reverse("api:riskpoint-detail", args=[point.pk]),
        "history": reverse("api:object-history", args=["riskpoint", point.pk]),
        "list": reverse("api:risklist-detail", args=[risk_list_for(point).pk]),
    }
    if action in reads:
        return client.get(reads[action]).status_code
    if action == "edit":
        url = reverse("api:riskpoint-detail", args=[point.pk])
        return client.patch(url, {"remarks": "接口修改"}, format="json").status_code
    if action == "revise":
        response = client.post(reverse("api:riskpoint-revise", args=[point.pk]))
        return (
            D if response.status_code == 201 and point.revisions.exists() else response.status_code
        )
    body = {"action": action, "comment": "请补充"}
    response = client.post(reverse("api:riskpoint-act", args=[point.pk]), body, format="json")
    moved = RiskPoint.objects.get(pk=point.pk).status != STATE[action]
    return D if response.status_code == 200 and moved else response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_the_browser_matrix(role, users, targets):  # noqa: F811
    client = token_client(users[role])
    mismatches = []
    for target in TARGETS:
        for action in ACTIONS:
            got = attempt(client, action, targets[target])
            want = expected(role, target)[action]
            if got != want:
                mismatches.append(f"{role} × {target} × {action}: expected {want}, got {got}")
    assert not mismatches, "\n".join(mismatches)
