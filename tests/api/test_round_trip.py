"""An outside system files a risk point through the API, walks it through approval
through the API, and the public sees it on the notice page."""

from django.test import Client
from django.urls import reverse

from tests.api.support import token_client


def test_a_point_created_and_approved_through_the_api_is_on_public_notice(org, users):
    staff = token_client(users["staff"])
    created = staff.post(
        reverse("api:riskpoint-list"),
        {
            "unit": org.finance.pk,
            "scope": "post",
            "post": org.buyer.pk,
            "name": "接口登记的采购风险",
            "category": org.category.pk,
            "level": 2,
            "discovery_method": "self",
            "year": 2026,
            "measures": [{"defence_line": "prevention", "text": "采购需求集体审定"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    point = created.json()
    assert point["status"] == "draft"
    assert [m["text"] for m in point["measures"]] == ["采购需求集体审定"]

    act = reverse("api:riskpoint-act", args=[point["id"]])
    steps = [
        ("staff", "submit"),
        ("depthead", "sign"),
        ("incharge", "review"),
        ("leader", "approve"),
    ]
    for login, action in steps:
        response = token_client(users[login]).post(act, {"action": action}, format="json")
        assert response.status_code == 200, (login, response.json())
    assert response.json()["status"] == "on_notice"

    risk_list = token_client(users["leader"]).get(reverse("api:risklist-list")).json()["results"]
    notice = Client().get(reverse("registry:notice", args=[risk_list[0]["id"]]))
    assert notice.status_code == 200
    assert "接口登记的采购风险" in notice.content.decode()

    sign_offs = token_client(users["auditor"]).get(
        reverse("api:riskpoint-sign-offs", args=[point["id"]])
    )
    assert [s["action"] for s in sign_offs.json()] == ["submit", "sign", "review", "approve"]


def test_editing_a_point_keeps_what_the_body_leaves_out(org, users, point_with_measures):
    client = token_client(users["staff"])
    url = reverse("api:riskpoint-detail", args=[point_with_measures.pk])
    first = point_with_measures.measures.order_by("sort_order").first()
    response = client.patch(
        url,
        {"remarks": "已复核", "measures": [{"id": first.pk, "text": "采购需求经集体审定并公开"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["remarks"] == "已复核"
    assert body["name"] == point_with_measures.name
    assert sorted(m["text"] for m in body["measures"]) == [
        "纪检全程监督",
        "采购需求经集体审定并公开",
    ]


def test_a_measure_is_removed_with_delete(users, point_with_measures):
    client = token_client(users["staff"])
    first = point_with_measures.measures.order_by("sort_order").first()
    response = client.patch(
        reverse("api:riskpoint-detail", args=[point_with_measures.pk]),
        {"measures": [{"id": first.pk, "delete": True}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert [m["text"] for m in response.json()["measures"]] == ["纪检全程监督"]
