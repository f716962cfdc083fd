"""Auditors read who changed what and when: per object, and in the global log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.history import object_history
from registry.history_registry import tracked_models
from registry.models import Measure, RiskPoint, Unit
from registry.services import risk_point_save


@pytest.fixture
def edited_point(point_with_measures, users):
    """A point created, then edited by depthead: level 2 → 1 and one measure removed."""
    point = RiskPoint.objects.get(pk=point_with_measures.pk)
    point.level = 1
    point.manifestation = "设置排他性条款"
    removed = point.measures.get(text="纪检全程监督")
    risk_point_save(risk_point=point, measures=[], removed_measures=[removed], by=users["depthead"])
    return point


def test_history_is_recorded_with_the_acting_user(edited_point, users):
    latest = edited_point.history.first()
    assert latest.history_user == users["depthead"]
    assert latest.history_type == "~"
    deleted = Measure.history.filter(history_type="-").get()
    assert deleted.history_user == users["depthead"]


def test_auditor_sees_a_field_by_field_diff(edited_point, users, login):
    response = login(users["auditor"]).get(
        reverse("registry:riskpoint_history", args=[edited_point.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    entries = response.context["entries"]
    change = next(e for e in entries if e.record.history_type == "~" and e.model_key == "riskpoint")
    fields = {c.label: (c.old, c.new) for c in change.changes}
    assert fields["风险等级"] == ("二级", "一级")
    assert fields["风险表现形式"] == ("设置倾向性条款", "设置排他性条款")
    assert "depthead" in body
    assert "纪检全程监督" in body  # the deleted measure shows in the point's history


def test_history_diff_names_related_objects(point_with_measures, users, org):
    point = point_with_measures
    point.category = org.process
    point._history_user = users["admin"]
    point.save()
    entries = object_history(viewer=users["auditor"], model_key="riskpoint", pk=point.pk)
    changes = {c.label: (c.old, c.new) for c in entries[0].changes}
    assert changes["风险类别"] == ("岗位职责风险", "业务流程风险")


def test_history_pages_are_in_english_on_request(edited_point, users, login):
    client = login(users["auditor"])
    client.cookies["django_language"] = "en"
    body = client.get(
        reverse("registry:riskpoint_history", args=[edited_point.pk])
    ).content.decode()
    assert "risk level" in body and "Level 2" in body and "Level 1" in body


def test_change_log_filters_by_model_user_unit_and_date(edited_point, users, login, org):
    client = login(users["auditor"])
    url = reverse("registry:change_log")

    by_user = client.get(url, {"user": users["depthead"].pk}).context["entries"]
    assert by_user and {e.record.history_user for e in by_user} == {users["depthead"]}

    by_model = client.get(url, {"model": "measure"}).context["entries"]
    assert by_model and {e.model_key for e in by_model} == {"measure"}

    by_tax = client.get(url, {"unit": org.tax.pk}).context["entries"]
    assert {e.object_label for e in by_tax} >= {"区税务局", "稽查科"}
    assert "采购需求量身定制" not in {e.object_label for e in by_tax}

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert client.get(url, {"date_from": tomorrow}).context["total"] == 0
    assert client.get(url, {"date_to": timezone.localdate()}).context["total"] > 0


def test_change_log_rejects_a_reversed_date_range(users, login):
    response = login(users["auditor"]).get(
        reverse("registry:change_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "date_to" in response.context["form"].errors
    assert response.context["entries"] == []


def test_change_log_pages_merge_models_newest_first(
    edited_point, users, login, django_assert_max_num_queries
):
    client = login(users["auditor"])
    client.get(reverse("registry:change_log"))
    # The bound depends on the number of tracked models, not on the page's rows.
    for i in range(60):
        edited_point.name = f"改名{i}"
        edited_point.save()
    with django_assert_max_num_queries(45):
        response = client.get(reverse("registry:change_log"))
    assert len(response.context["entries"]) == 50
    whens = [e.when for e in response.context["entries"]]
    assert whens == sorted(whens, reverse=True)
    assert response.context["total"] == sum(
        model.history.count() for model, _ in tracked_models().values()
    )


def test_unit_history_survives_deletion(org, users, login):
    unit = Unit.objects.create(code="TMP", name="临时单位", kind="organ", parent=org.district)
    pk = unit.pk
    unit.delete()
    response = login(users["auditor"]).get(reverse("registry:object_history", args=["unit", pk]))
    assert response.status_code == 200
    assert [e.record.history_type for e in response.context["entries"]] == ["-", "+"]


@pytest.mark.parametrize("role", ["depthead", "staff", "leader"])
def test_people_without_history_rights_get_403(users, login, role):
    assert login(users[role]).get(reverse("registry:change_log")).status_code == 403
