"""Grading from factors, an override, the risk map, and a one-time appraisal link —
clicked through in the browser on the demo district."""

import re

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import override
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "采购需求设置倾向性条款"


def fresh_page(browser, live_server):
    return browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()


def test_grade_override_map_and_appraise(page, login, screenshot, browser, live_server):
    from assessment.defaults import PROFILES
    from assessment.models import Appraisal, FactorOption, GradingModel
    from registry.choices import RiskScope
    from registry.demo import seed_demo
    from registry.models import Department, RiskCategory, RiskPoint

    seed_demo()
    department = Department.objects.get(unit__code="CZ", name="政府采购科")
    point = RiskPoint.objects.create(
        unit=department.unit,
        department=department,
        scope=RiskScope.DEPARTMENT,
        name=NAME,
        category=RiskCategory.objects.first(),
        level=3,
        year=2026,
    )
    options = {
        (o.factor.code, o.code): o.pk
        for o in FactorOption.objects.filter(
            factor__grading_model=GradingModel.objects.get(is_current=True)
        ).select_related("factor")
    }
    with override("zh-hans"):
        level_1, level_2 = _("Level 1"), _("Level 2")

    # The department head records the factors of a major-funds point: it grades level 1.
    login(page, "depthead")
    page.goto(f"/assessment/points/{point.pk}/")
    for factor, option in PROFILES[1].items():
        page.check(f"#grading-form input[name={factor}][value='{options[(factor, option)]}']")
    with page.expect_navigation():
        page.click("#grading-form button[type=submit]")
    expect(page.locator("#point-level")).to_have_text(level_1)
    expect(page.locator("#matrix td.chosen")).to_have_attribute("data-cell", "2-3")
    expect(page.locator("#override-form")).to_have_count(0)
    screenshot(page, "assessment-1-graded")

    # The leader in charge overrides it with a reason; the grade is flagged and listed.
    other = fresh_page(browser, live_server)
    login(other, "incharge")
    other.goto(f"/assessment/points/{point.pk}/")
    other.select_option("#override-form select[name=level]", "2")
    other.fill("#override-form textarea[name=reason]", "仅涉及单项采购，金额已分段控制")
    with other.expect_navigation():
        other.click("#override-form button[type=submit]")
    expect(other.locator("#point-level")).to_have_text(level_2)
    expect(other.locator("#override-flag")).to_contain_text("仅涉及单项采购")
    other.goto("/assessment/overrides/")
    expect(other.locator("#overrides")).to_contain_text(NAME)
    other.goto("/assessment/monitoring/")
    expect(other.locator("#monitoring")).to_contain_text(NAME)
    screenshot(other, "assessment-2-monitoring")

    # The inspector reads the finance bureau's risk map.
    inspector = fresh_page(browser, live_server)
    login(inspector, "inspector")
    inspector.goto(f"/assessment/units/{department.unit.pk}/map/")
    expect(inspector.locator("#heat-map")).to_contain_text("政府采购科")
    screenshot(inspector, "assessment-3-risk-map")

    # …issues one-time links for the hospital's open appraisal; one is used once.
    appraisal = Appraisal.objects.get(unit__code="YY", year=2026)
    inspector.goto(f"/assessment/appraisals/{appraisal.pk}/")
    inspector.fill("#links-form input[name=count]", "2")
    with inspector.expect_navigation():
        inspector.click("#links-form button[type=submit]")
    link = inspector.locator("#new-links code").first.inner_text()
    screenshot(inspector, "assessment-4-links")

    respondent = fresh_page(browser, live_server)  # no login
    respondent.goto(link)
    for group in respondent.locator("#survey-form .factor-group").all():
        radios = group.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
    with respondent.expect_navigation():
        respondent.click("#survey-form button[type=submit]")
    expect(respondent.locator("#survey-thanks")).to_be_visible()
    response = respondent.goto(link)
    assert response.status == 404
    expect(respondent.locator("#survey-closed")).to_be_visible()

    inspector.goto(f"/assessment/appraisals/{appraisal.pk}/")
    # 10 of 27 links used; the translation may name the issued count first.
    expect(inspector.locator("#participation")).to_contain_text(re.compile(r"10\D+27|27\D+10"))
