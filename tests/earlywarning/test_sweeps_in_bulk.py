"""The daily sweeps cost the same few queries for a handful of rows or many, and each
row they write has its history.

(Sizes stay within one SQLite insert batch, ~999 parameters; bench/ measures
thousands of rows on PostgreSQL.)"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from earlywarning.choices import ReportStatus, SourceType
from earlywarning.models import Deduction, InformationOfficer, OfficerReport, WarningInfo
from earlywarning.pdca_intake import take_in_pdca
from earlywarning.services.officers import remind_missing_reports
from registry.models import OutboxMessage, Person

pytest.importorskip("pdca.models")
TODAY = datetime.date(2026, 3, 29)


def queries_of(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured.captured_queries), result


@pytest.fixture
def pdca_rows(org, users):
    from pdca.models import Finding, Inspection, RectificationItem, SamplingDraw

    draw = SamplingDraw.objects.create(
        district=org.district, quarter="2026Q1", percent=10, level3_percent=10, seed=1
    )
    inspection = Inspection.objects.create(
        draw=draw, unit=org.finance, inspector=users["inspector"]
    )

    def make(count: int) -> None:
        # bulk_create: no post_save, so only the sweep takes these in.
        Finding.objects.bulk_create(
            Finding(
                inspection=inspection,
                unit=org.finance,
                severity="serious",
                description=f"问题{n}",
                created_by=users["inspector"],
            )
            for n in range(count)
        )
        RectificationItem.objects.bulk_create(
            RectificationItem(
                unit=org.tax,
                source="other",
                title=f"整改{n}",
                owner=users["leader"],
                deadline=TODAY - datetime.timedelta(days=3),
            )
            for n in range(count)
        )

    return make


def test_the_pdca_intake_takes_in_bulk(pdca_rows, django_assert_max_num_queries):
    pdca_rows(3)
    small, taken = queries_of(take_in_pdca)
    assert taken == 6
    pdca_rows(20)
    with django_assert_max_num_queries(small):
        assert take_in_pdca(today=TODAY) == 40
    assert take_in_pdca(today=TODAY) == 0
    ids = list(WarningInfo.objects.values_list("pk", flat=True))
    assert len(ids) == 46
    assert WarningInfo.history.filter(id__in=ids).count() == 46
    assert WarningInfo.objects.filter(source_type=SourceType.OVERDUE_RECTIFICATION).count() == 23


@pytest.fixture
def make_officers(org, users):
    units = [org.finance, org.tax, org.treasury]

    def make(count: int) -> None:
        people = Person.objects.bulk_create(
            Person(unit=units[n % 3], name=f"信息员{n}") for n in range(count)
        )
        InformationOfficer.objects.bulk_create(
            InformationOfficer(unit=p.unit, person=p, appointed_on=datetime.date(2026, 1, 1))
            for p in people
        )

    return make


def test_the_officers_monthly_check_works_in_bulk(
    make_officers, users, django_assert_max_num_queries
):
    make_officers(2)
    small, marked = queries_of(lambda: remind_missing_reports(today=TODAY))
    assert marked == 4  # February's and March's reports (due on the 28th) are missing
    make_officers(25)
    with django_assert_max_num_queries(small):
        assert remind_missing_reports(today=TODAY) == 50
    assert remind_missing_reports(today=TODAY) == 0
    missing = OfficerReport.objects.filter(status=ReportStatus.MISSING)
    assert missing.count() == 54
    assert OfficerReport.history.filter(id__in=missing.values("pk")).count() == 54
    assert Deduction.history.count() == Deduction.objects.count() == 54
    assert OutboxMessage.objects.count() == 54  # one reminder each, queued for the worker
