"""Fixtures for the early-warning tests: people in the finance bureau, a warning factory,
and a frozen clock passed into the services as ``now``."""

import datetime

import pytest
from django.utils import timezone

from earlywarning.choices import SourceType
from earlywarning.models import WarningInfo
from earlywarning.services.disposal import case_open
from earlywarning.services.intake import warning_record, warning_verify
from registry.models import Person, PostTenure

T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def people(org, users) -> dict:
    """The finance bureau's director (a leadership post) and a buyer."""
    director = Person.objects.create(unit=org.finance, name="周局长", title="局长")
    PostTenure.objects.create(
        person=director, post=org.director, start_date=datetime.date(2020, 1, 1)
    )
    buyer = Person.objects.get(user=users["staff"])
    taxman = Person.objects.create(unit=org.tax, name="钱稽查")
    return {"director": director, "buyer": buyer, "taxman": taxman}


@pytest.fixture
def make_warning(org, users):
    def make(
        *,
        unit=None,
        person=None,
        source=SourceType.COMPLAINT,
        received_on=datetime.date(2026, 3, 1),
        summary="采购中央空调未公开招标",
        verified: bool = False,
        major: bool = False,
        rule=None,
        **fields,
    ) -> WarningInfo:
        warning = WarningInfo(
            unit=unit or org.finance,
            person=person,
            source_type=source,
            received_on=received_on,
            summary=summary,
            facts=fields.pop("facts", "群众来信反映相关问题。"),
            **fields,
        )
        warning_record(warning=warning, by=users["inspector"])
        if verified:
            warning = warning_verify(
                warning=warning,
                found=True,
                reason="经核查属实",
                is_major=major,
                rule=rule,
                by=users["inspector"],
                now=T0,
            )
        return warning

    return make


@pytest.fixture
def open_case(make_warning, users):
    def make(now=T0, **fields):
        warning = make_warning(verified=True, **fields)
        return case_open(warning=warning, by=users["inspector"], now=now)

    return make
