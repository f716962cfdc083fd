"""Deleting never loses audit data: approved points, their sign-offs and the people
and tenures they name stay; the admin says why."""

import datetime

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from registry.choices import RiskPointStatus
from registry.models import Measure, Person, PostTenure, RiskPoint, SignOff
from registry.workflow import risk_list_for, transition_points
from tests.conftest import make_user


def _approve(point, users) -> RiskPoint:
    for name, who in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        risk_list = risk_list_for(point)
        transition_points(
            name=name,
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users[who],
            expected_version=risk_list.version,
        )
    risk_list = risk_list_for(point)
    transition_points(
        name="approve",
        point_ids=[point.pk],
        risk_list=risk_list,
        by=users["leader"],
        expected_version=risk_list.version,
    )
    point.refresh_from_db()
    assert point.status == RiskPointStatus.ON_NOTICE
    return point


@pytest.fixture
def approved(point_with_measures, users, org):
    supervisor = Person.objects.create(unit=org.finance, name="梁监督")
    point = point_with_measures
    point.supervisor = supervisor
    point.save()
    return _approve(point, users)


def test_sign_offs_have_history(approved, users):
    sign_off = SignOff.objects.filter(risk_point=approved).last()
    record = sign_off.history.get()
    assert record.history_type == "+"
    assert record.history_user == users["leader"]
    assert record.content_hash == sign_off.content_hash


def test_an_approved_point_cannot_be_deleted(approved):
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        approved.delete()
    assert "公示中" in str(refused.value.args[0])
    assert RiskPoint.objects.filter(pk=approved.pk).exists()
    assert SignOff.objects.filter(risk_point=approved).count() == 4


def test_a_bulk_delete_is_refused_too(approved):
    with pytest.raises(ProtectedError), transaction.atomic():
        RiskPoint.objects.filter(pk=approved.pk).delete()
    assert RiskPoint.objects.filter(pk=approved.pk).exists()


def test_a_draft_point_may_be_deleted_and_its_deletion_is_recorded(make_point):
    point = make_point(code="CZ-9")
    pk = point.pk
    point.delete()
    assert RiskPoint.history.filter(id=pk, history_type="-").exists()


def test_a_supervisor_named_by_an_approved_point_cannot_be_deleted(approved):
    supervisor = approved.supervisor
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        supervisor.delete()
    assert "梁监督" in str(refused.value.args[0])
    approved.refresh_from_db()
    assert approved.supervisor == supervisor


def test_a_tenure_of_a_signer_cannot_be_deleted(approved, users):
    tenure = PostTenure.objects.get(person__user=users["staff"])
    with pytest.raises(ProtectedError), transaction.atomic():
        tenure.delete()
    assert PostTenure.objects.filter(pk=tenure.pk).exists()


def test_a_tenure_without_approved_points_may_be_deleted(users, org):
    person = Person.objects.create(unit=org.finance, name="新同志")
    tenure = PostTenure.objects.create(
        person=person, post=org.budget_clerk, start_date=datetime.date(2025, 1, 1)
    )
    tenure.delete()
    person.delete()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_admin_refuses_with_the_reason(approved, client):
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:registry_riskpoint_delete", args=[approved.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "已停用" in page.content.decode()  # "set its status to Retired instead"
    confirmed = client.post(url, {"post": "yes"})
    assert confirmed.status_code == 200  # the confirmation page again, nothing deleted
    assert RiskPoint.objects.filter(pk=approved.pk).exists()


def test_the_admin_refuses_bulk_deletion_and_measure_deletion(approved, client):
    client.force_login(make_user("root", superuser=True))
    changelist = reverse("admin:registry_riskpoint_changelist")
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [approved.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert RiskPoint.objects.filter(pk=approved.pk).exists()
    measure = approved.measures.first()
    url = reverse("admin:registry_measure_delete", args=[measure.pk])
    client.post(url, {"post": "yes"})
    assert Measure.objects.filter(pk=measure.pk).exists()
    person_url = reverse("admin:registry_person_delete", args=[approved.supervisor.pk])
    assert "梁监督" in client.get(person_url).content.decode()
    client.post(person_url, {"post": "yes"})
    assert Person.objects.filter(pk=approved.supervisor.pk).exists()
