"""Creating and editing risk points in the browser forms."""

import pytest
from django.urls import reverse

from registry.models import Measure, RiskPoint
from tests.conftest import grading_answers


def form_data(org, **overrides) -> dict:
    data = {
        "unit": org.finance.pk,
        "scope": "post",
        "department": org.procurement.pk,
        "post": org.buyer.pk,
        "code": "CZ-100",
        "name": "供应商资格审查走过场",
        "manifestation": "降低资格条件",
        "category": org.category.pk,
        "level": 2,
        "discovery_method": "self",
        "time_limit": "长期坚持",
        "status": "draft",
        "year": 2026,
        "remarks": "",
        "measures-TOTAL_FORMS": 2,
        "measures-INITIAL_FORMS": 0,
        "measures-MIN_NUM_FORMS": 0,
        "measures-MAX_NUM_FORMS": 1000,
        "measures-0-defence_line": "prevention",
        "measures-0-text": "资格条件集体审定",
        "measures-0-status": "planned",
        "measures-1-defence_line": "monitoring",
        "measures-1-text": "纪检监督评审",
        "measures-1-status": "planned",
    }
    # The create form asks the grading factors instead of the level (the middle answers
    # grade level 2); the edit form of an ungraded point still carries the level.
    data.update(grading_answers())
    data.update(overrides)
    return data


def test_department_head_creates_a_point_with_measures(org, users, login):
    client = login(users["depthead"])
    response = client.post(reverse("registry:riskpoint_create"), form_data(org))
    point = RiskPoint.objects.get(code="CZ-100")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:riskpoint_detail", args=[point.pk])
    assert [m.text for m in point.measures.all()] == ["资格条件集体审定", "纪检监督评审"]
    assert point.history.first().history_user == users["depthead"]


def test_post_of_another_unit_is_rejected_with_a_message_on_the_field(org, users, login):
    client = login(users["admin"])
    response = client.post(
        reverse("registry:riskpoint_create"),
        form_data(org, post=org.tax_inspector.pk, department=org.inspection.pk),
    )
    assert response.status_code == 200
    assert "属于其他单位" in response.content.decode()
    assert not RiskPoint.objects.exists()
    assert not Measure.objects.exists()


def test_a_bad_measure_saves_nothing(org, users, login):
    client = login(users["depthead"])
    response = client.post(
        reverse("registry:riskpoint_create"), form_data(org, **{"measures-1-defence_line": "bogus"})
    )
    assert response.status_code == 200
    assert "bogus 不在可用的选项中" in response.content.decode()
    assert not RiskPoint.objects.exists()


def test_required_field_named_in_english_when_english_is_chosen(org, users, login):
    client = login(users["depthead"])
    client.cookies["django_language"] = "en"
    response = client.post(reverse("registry:riskpoint_create"), form_data(org, name=""))
    body = response.content.decode()
    assert "This field is required." in body
    assert not RiskPoint.objects.exists()


def test_department_head_cannot_choose_another_department(org, users, login):
    client = login(users["depthead"])
    response = client.post(
        reverse("registry:riskpoint_create"),
        form_data(org, department=org.budget.pk, post=org.budget_clerk.pk),
    )
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not RiskPoint.objects.exists()


def test_a_save_outside_the_writers_scope_is_rolled_back(org, users, login):
    client = login(users["depthead"])
    response = client.post(
        reverse("registry:riskpoint_create"), form_data(org, scope="unit", department="", post="")
    )
    assert response.status_code == 403
    assert "将超出您有权编辑的单位、科室和岗位范围" in response.content.decode()
    assert not RiskPoint.objects.exists()
    assert not Measure.objects.exists()


def test_editing_records_a_change(point_with_measures, users, login, org):
    point = point_with_measures
    client = login(users["depthead"])
    measures = list(point.measures.all())
    data = form_data(
        org,
        code=point.code,
        name=point.name,
        level=1,
        **{
            "measures-TOTAL_FORMS": 2,
            "measures-INITIAL_FORMS": 2,
            "measures-0-id": measures[0].pk,
            "measures-0-text": measures[0].text,
            "measures-1-id": measures[1].pk,
            "measures-1-text": measures[1].text,
            "measures-1-DELETE": "on",
        },
    )
    response = client.post(reverse("registry:riskpoint_edit", args=[point.pk]), data)
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.level == 1
    assert list(point.measures.values_list("text", flat=True)) == [measures[0].text]
    latest = point.history.first()
    assert latest.history_user == users["depthead"]
    assert "level" in {c.field for c in latest.diff_against(latest.prev_record).changes}


@pytest.mark.parametrize("role", ["auditor", "inspector", "leader"])
def test_readers_get_403_on_edit(point_with_measures, users, login, role):
    client = login(users[role])
    response = client.get(reverse("registry:riskpoint_edit", args=[point_with_measures.pk]))
    assert response.status_code == 403


def test_out_of_scope_point_is_404_everywhere(point_with_measures, users, login):
    client = login(users["taxhead"])
    pk = point_with_measures.pk
    for name in ["riskpoint_detail", "riskpoint_edit"]:
        assert client.get(reverse(f"registry:{name}", args=[pk])).status_code == 404, name
    assert client.get(reverse("registry:riskpoint_history", args=[pk])).status_code == 404
    assert client.get(reverse("registry:riskpoint_history", args=[pk + 999])).status_code == 404


def test_history_outside_an_auditors_units_is_404(
    point_with_measures, org, login, new_user_with_role
):
    tax_auditor = new_user_with_role("taxauditor", "auditor", org.tax)
    client = login(tax_auditor)
    pk = point_with_measures.pk
    assert client.get(reverse("registry:riskpoint_history", args=[pk])).status_code == 404
    assert client.get(reverse("registry:object_history", args=["riskpoint", pk])).status_code == 404
    measure = point_with_measures.measures.first()
    assert (
        client.get(reverse("registry:object_history", args=["measure", measure.pk])).status_code
        == 404
    )
