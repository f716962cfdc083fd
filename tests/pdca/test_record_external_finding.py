"""Discipline staff record a finding of a patrol (巡察), an audit or a compliance review for
a unit; it becomes a rectification item through the same service as an inspection's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pdca.models import Finding, FindingSource, RectificationItem

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def form_data(org, users, **changes) -> dict:
    data = {
        "unit": org.finance.pk,
        "source": FindingSource.objects.get(code="audit").pk,
        "reference": "审计报告〔2026〕3号",
        "found_on": days(-3).isoformat(),
        "severity": "significant",
        "description": "专项资金结余未清理",
        "owner": users["leader"].pk,
        "deadline": days(30).isoformat(),
    }
    return data | changes


def test_inspector_records_an_audit_finding(login, users, org, measures_in_effect):
    client = login(users["inspector"])
    assert client.get(reverse("pdca:external_finding_create")).status_code == 200
    response = client.post(
        reverse("pdca:external_finding_create"),
        form_data(org, users, risk_point=measures_in_effect[0].pk),
    )
    finding = Finding.objects.get()
    item = RectificationItem.objects.get(finding=finding)
    assert response.url == reverse("pdca:rectification_detail", args=[item.pk])
    assert (finding.source.code, finding.reference, finding.found_on) == (
        "audit",
        "审计报告〔2026〕3号",
        days(-3),
    )
    assert finding.inspection is None and finding.risk_point == measures_in_effect[0]
    assert (item.source.code, item.owner, item.inspector) == (
        "audit",
        users["leader"],
        users["inspector"],
    )
    page = client.get(response.url).content.decode()
    assert "审计" in page and "审计报告〔2026〕3号" in page


def test_unit_users_cannot_record_findings(login, users, org):
    for name in ("leader", "admin", "auditor"):
        client = login(users[name])
        assert client.get(reverse("pdca:external_finding_create")).status_code == 403
        response = client.post(reverse("pdca:external_finding_create"), form_data(org, users))
        assert response.status_code == 403
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"source": "inspection"}, "source"),  # the draw's findings come from its inspections
        ({"found_on": "2999-01-01"}, "found_on"),
        ({"deadline": "2000-01-01"}, "deadline"),
        ({"owner": "taxhead"}, "owner"),
    ],
)
def test_bad_input_is_named_by_field(login, users, org, changes, field):
    if changes.get("source"):
        changes["source"] = FindingSource.objects.get(code=changes["source"]).pk
    if changes.get("owner"):
        changes["owner"] = users[changes["owner"]].pk
    response = login(users["inspector"]).post(
        reverse("pdca:external_finding_create"), form_data(org, users, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Finding.objects.exists()
