"""Filing upward: a list that takes effect is filed with the district's office, as it stood;
the district sees who filed late against the deadline; the office records its receipt."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from programme.filing import filing_rows
from programme.models import Filing, FilingDeadline
from programme.services.filing import filing_receipt, list_file
from registry.choices import RiskPointStatus
from registry.models import Measure, RiskList
from registry.workflow import take_effect_due

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def list_on_notice(org, make_point):
    point = make_point(code="CZ-001", name="采购需求量身定制", status=RiskPointStatus.ON_NOTICE)
    Measure.objects.create(risk_point=point, defence_line="prevention", text="采购需求集体审定")
    until = datetime.datetime(2026, 4, 12, 9, 0, tzinfo=SHANGHAI)
    return RiskList.objects.create(unit=org.finance, year=2026, notice_until=until)


def test_taking_effect_files_the_list_once_as_it_stood(
    list_on_notice, org, django_capture_on_commit_callbacks
):
    later = list_on_notice.notice_until + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert take_effect_due(now=later) == 1

    filing = Filing.objects.get()
    assert (filing.unit, filing.year, filing.filed_on) == (
        org.finance,
        2026,
        datetime.date(2026, 4, 12),
    )
    assert filing.snapshot == [
        {
            "code": "CZ-001",
            "name": "采购需求量身定制",
            "level": 2,
            "category": "岗位职责风险",
            "department": "政府采购科",
            "post": "采购经办岗",
            "measures": ["采购需求集体审定"],
        }
    ]
    assert filing.due_on == datetime.date(2026, 4, 10) and filing.is_late

    Measure.objects.update(text="改过的措施")
    with django_capture_on_commit_callbacks(execute=True):
        assert take_effect_due(now=later) == 0
    assert Filing.objects.count() == 1
    assert list_file(unit=org.finance, year=2026).snapshot[0]["measures"] == ["采购需求集体审定"]


def test_the_district_sees_who_filed_late_against_its_own_deadline(org, users):
    FilingDeadline.objects.create(
        district=org.district, year=2026, due_on=datetime.date(2026, 4, 15)
    )
    list_file(unit=org.finance, year=2026, on=datetime.date(2026, 4, 12))
    list_file(unit=org.treasury, year=2026, on=datetime.date(2026, 4, 20))

    rows = filing_rows([org.finance, org.treasury, org.tax], 2026, today=datetime.date(2026, 4, 30))

    assert [(r["unit"].code, r["late"]) for r in rows] == [
        ("FIN", False),
        ("FIN-TP", True),
        ("TAX", True),
    ]
    early = filing_rows([org.tax], 2026, today=datetime.date(2026, 4, 1))
    assert not early[0]["late"]


def test_the_office_records_the_receipt(org, users):
    filing = list_file(unit=org.finance, year=2026, on=datetime.date(2026, 4, 8))
    with pytest.raises(PermissionDenied):
        filing_receipt(
            filing=filing,
            receipt="备2026-01",
            received_on=datetime.date(2026, 4, 9),
            by=users["leader"],
        )
    with pytest.raises(ValidationError) as early:
        filing_receipt(
            filing=filing,
            receipt="备2026-01",
            received_on=datetime.date(2026, 4, 1),
            by=users["inspector"],
        )
    assert "received_on" in early.value.error_dict

    filing_receipt(
        filing=filing,
        receipt="备2026-01",
        received_on=datetime.date(2026, 4, 9),
        by=users["inspector"],
    )

    filing.refresh_from_db()
    assert (
        filing.receipt == "备2026-01" and filing.history.first().history_user == users["inspector"]
    )


def test_the_pages_with_permission_without_and_out_of_scope(org, users, login, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 4, 30))
    filing = list_file(unit=org.finance, year=2026, on=datetime.date(2026, 4, 8))
    overview = reverse("programme:filing_overview") + "?year=2026&late=1"

    body = login(users["inspector"]).get(overview).content.decode()
    assert 'data-unit="区税务局"' in body and 'data-unit="区财政局"' not in body
    assert "data-unit" not in login(users["leader"]).get(overview).content.decode()

    detail = reverse("programme:filing_detail", args=[filing.pk])
    assert login(users["taxhead"]).get(detail).status_code == 404
    receipt = reverse("programme:filing_receipt", args=[filing.pk])
    assert (
        login(users["leader"])
        .post(receipt, {"receipt": "x", "received_on": "2026-04-09"})
        .status_code
        == 403
    )
    login(users["inspector"]).post(receipt, {"receipt": "备2026-01", "received_on": "2026-04-09"})
    assert 'id="receipt">备2026-01<' in login(users["leader"]).get(detail).content.decode()
