"""An inspection finding becomes warning information, is verified and taken into disposal,
and climbs the ladder to the interview as the clock advances — in the browser."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FINDING = "设备采购合同未经集体研究"


def _seed_district():
    from registry.demo import FIXTURE_DIR, _Seeder, read_fixtures

    units, users = read_fixtures(FIXTURE_DIR)
    with transaction.atomic():
        _Seeder(None).run(units, users)


def _record_finding():
    from django.contrib.auth import get_user_model

    from pdca.models import Finding, Inspection, SamplingDraw
    from registry.models import Unit

    inspector = get_user_model().objects.get(username="inspector")
    hospital = Unit.objects.get(code="YY")
    draw = SamplingDraw.objects.create(
        district=Unit.objects.get(code="MH"),
        quarter="2026Q1",
        percent=10,
        level3_percent=10,
        seed=7,
    )
    inspection = Inspection.objects.create(draw=draw, unit=hospital, inspector=inspector)
    return Finding.objects.create(
        inspection=inspection,
        unit=hospital,
        severity="serious",
        description=FINDING,
        created_by=inspector,
    )


def _label(step) -> str:
    with translation.override("zh-hans"):
        return str(step.label)


def test_a_finding_climbs_to_interview_as_the_clock_advances(page, login, screenshot):
    pytest.importorskip("pdca.models")
    from earlywarning.choices import Step
    from earlywarning.models import DisposalCase
    from earlywarning.services.escalation import escalate_due

    _seed_district()
    _record_finding()  # committed at once: the receiver takes it in

    login(page, "inspector")
    page.goto("/warnings/information/")
    with page.expect_navigation():
        page.get_by_role("link", name=FINDING).click()
    page.check("input[name=verification][value=verified]")
    page.fill("textarea[name=verification_reason]", "调阅合同及会议记录，属实。")
    with page.expect_navigation():
        page.click("#verify-panel button[type=submit]")
    with page.expect_navigation():
        page.click("#open-case")
    expect(page.locator("#current-step")).to_have_text(_label(Step.REMINDER))
    screenshot(page, "earlywarning-1-reminder")

    case = DisposalCase.objects.get()
    for expected in (Step.INQUIRY, Step.INTERVIEW):
        case.refresh_from_db()
        escalate_due(now=case.deadline + datetime.timedelta(minutes=1))
        page.reload()
        expect(page.locator("#current-step")).to_have_text(_label(expected))
    expect(page.locator("#case-events li")).to_have_count(3)
    screenshot(page, "earlywarning-2-interview")
