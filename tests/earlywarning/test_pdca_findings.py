"""Inspection findings and overdue rectification (PDCA app) become warning information once."""

import datetime

import pytest

from earlywarning.choices import SourceType, Verification
from earlywarning.models import WarningInfo
from earlywarning.pdca_intake import take_in_pdca

pytest.importorskip("pdca.models")


@pytest.fixture
def inspection(org, users):
    from pdca.models import Inspection, SamplingDraw

    draw = SamplingDraw.objects.create(
        district=org.district, quarter="2026Q1", percent=10, level3_percent=10, seed=2026
    )
    return Inspection.objects.create(draw=draw, unit=org.finance, inspector=users["inspector"])


def _finding(inspection, users, text="采购合同未经法律审核"):
    from pdca.models import Finding

    return Finding.objects.create(
        inspection=inspection,
        unit=inspection.unit,
        severity="serious",
        description=text,
        created_by=users["inspector"],
    )


def test_a_finding_becomes_warning_information_once_saved(
    inspection, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finding = _finding(inspection, users)
    warning = WarningInfo.objects.get(source_type=SourceType.INSPECTION, source_id=finding.pk)
    assert warning.unit == inspection.unit
    assert "采购合同未经法律审核" in warning.summary
    assert warning.verification == Verification.PENDING
    assert take_in_pdca() == 0  # the sweep finds nothing new


def test_the_daily_sweep_takes_in_findings_and_overdue_items_once(inspection, users, org):
    from pdca.models import RectificationItem

    finding = _finding(inspection, users)  # on_commit never ran: the sweep catches up
    item = RectificationItem.objects.create(
        unit=org.finance,
        source="other",
        title="规范工程款支付审批",
        owner=users["leader"],
        deadline=datetime.date(2026, 3, 1),
    )
    RectificationItem.objects.create(
        unit=org.finance,
        source="other",
        title="未到期",
        owner=users["leader"],
        deadline=datetime.date(2026, 12, 1),
    )
    assert take_in_pdca(today=datetime.date(2026, 3, 5)) == 2
    assert take_in_pdca(today=datetime.date(2026, 3, 6)) == 0
    overdue = WarningInfo.objects.get(source_type=SourceType.OVERDUE_RECTIFICATION)
    assert overdue.source_id == item.pk and "规范工程款支付审批" in overdue.summary
    assert WarningInfo.objects.filter(
        source_type=SourceType.INSPECTION, source_id=finding.pk
    ).exists()
