"""The quarterly sampling report and the annual evaluation report, as pages and in Excel."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pdca.choices import CheckResult
from pdca.models import ChecklistItem, RectificationItem
from pdca.services.inspections import finding_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(inspection, users, cycle):
    items = list(inspection.items.all())
    ChecklistItem.objects.filter(pk__in=[i.pk for i in items[:3]]).update(
        result=CheckResult.CARRIED_OUT
    )
    ChecklistItem.objects.filter(pk=items[3].pk).update(result=CheckResult.NOT_CARRIED_OUT)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    for severity in ("serious", "minor"):
        finding_record(
            inspection=inspection,
            severity=severity,
            description=f"{severity}问题",
            owner=users["leader"],
            deadline=soon,
            by=users["inspector"],
        )
    RectificationItem.objects.filter(finding__severity="minor").update(
        status="closed", closed_at=timezone.now()
    )
    return inspection


def test_quarterly_report_figures(inspected, users, client):
    client.force_login(users["inspector"])
    response = client.get(reverse("pdca:quarterly_report", args=[inspected.draw.pk]))
    report = response.context["report"]
    assert len(report.rows) == 3  # every unit drawn at 100%
    assert (report.total.checked, report.total.carried_out) == (4, 3)
    assert report.total.carried_out_rate == 0.75
    assert dict(report.total.findings) == {"serious": 1, "minor": 1}
    assert (report.total.items, report.total.closed_on_time) == (2, 1)
    assert 'id="carried-out-rate">75%' in response.content.decode()


def test_quarterly_report_in_excel(inspected, users, client):
    client.force_login(users["inspector"])
    response = client.get(reverse("pdca:quarterly_report_xlsx", args=[inspected.draw.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["FIN", "FIN-TP", "TAX", rows[-1][0]]
    assert rows[-1][9] == "75%"


def test_quarterly_report_is_scoped(inspected, users, client):
    client.force_login(users["leader"])
    report = client.get(reverse("pdca:quarterly_report", args=[inspected.draw.pk])).context[
        "report"
    ]
    assert {r.inspection.unit.code for r in report.rows} == {"FIN", "FIN-TP"}


def test_annual_report_page_and_excel(inspected, cycle, users, client):
    client.force_login(users["inspector"])
    report = client.get(reverse("pdca:annual_report", args=[cycle.pk])).context["report"]
    fin = next(r for r in report.rows if r.unit_row.unit.code == "FIN")
    assert (fin.inspections, fin.tally.findings_total, fin.tally.closed_on_time) == (1, 2, 1)
    response = client.get(reverse("pdca:annual_report_xlsx", args=[cycle.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "FIN" and rows[1][9] == 1
