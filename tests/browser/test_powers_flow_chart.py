"""The flow chart of a 12-step power in Chromium: ★ on the right steps, one A4 page;
and editing steps (add, move, remove) by clicking."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAND = "国有建设用地使用权出让"


def _expected_levels(power) -> dict[str, str]:
    from powers.models import StepRisk
    from powers.selectors import LIVE

    levels: dict[str, int] = {}
    for order, level in StepRisk.objects.filter(LIVE, step__power=power).values_list(
        "step__order", "risk_point__level"
    ):
        levels[str(order)] = min(level, levels.get(str(order), 9))
    return {order: str(level) for order, level in levels.items()}


def test_twelve_step_chart_marks_the_risky_steps(page, login, screenshot):
    from powers.models import PowerItem
    from registry.demo import seed_demo

    seed_demo()
    power = PowerItem.objects.get(unit__code="GT", name=LAND)
    expected = _expected_levels(power)
    assert len(expected) >= 2, "the demo puts risk points on several steps of this power"

    login(page, "admin")
    page.goto(f"/powers/{power.pk}/")
    chart = page.locator("#flow-chart svg.flow-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("g.flow-step")).to_have_count(12)
    screenshot(page, "powers-flow-12-steps")

    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('#flow-chart g.flow-step')).map(g => {
             const box = g.querySelector('rect').getBoundingClientRect();
             const star = g.querySelector('text.risk-star');
             const s = star && star.getBoundingClientRect();
             return {order: g.dataset.order, level: g.dataset.riskLevel,
                     star: star ? star.dataset.order : null,
                     inside: s ? (s.top + s.height / 2 > box.top && s.top + s.height / 2 < box.bottom
                                  && s.left >= box.right - 2) : null};
           })"""
    )
    assert [row["order"] for row in drawn] == [str(n) for n in range(1, 13)]
    assert {row["order"]: row["level"] for row in drawn if row["level"]} == expected
    starred = [row for row in drawn if row["star"]]
    assert {row["star"] for row in starred} == set(expected)
    assert all(row["inside"] for row in starred), "each ★ sits level with its own step box"


def test_chart_prints_on_one_a4_page(page, login, screenshot):
    from powers.models import PowerItem
    from registry.demo import seed_demo

    seed_demo()
    power = PowerItem.objects.get(unit__code="GT", name=LAND)
    login(page, "inspector")
    page.goto(f"/powers/{power.pk}/flow/")
    page.emulate_media(media="print")
    screenshot(page, "powers-flow-print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=ARTIFACTS / "powers-flow-a4.pdf", format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, "the 12-step chart fits one A4 page"

    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("a[href$='flow.svg']")
    assert download.value.suggested_filename.endswith("-flow.svg")


def test_steps_are_added_moved_and_removed_by_clicking(page, login, screenshot):
    from powers.models import PowerItem
    from registry.demo import seed_demo

    seed_demo()
    power = PowerItem.objects.filter(unit__code="CZ", steps__isnull=True).first()
    login(page, "admin")
    page.goto(f"/powers/{power.pk}/steps/")
    for name in ["提出申请", "部门审核", "局长审批"]:
        page.fill("#step-form input[name=name]", name)
        with page.expect_navigation():
            page.click("#step-form button[type=submit]")
    rows = page.locator("#steps-table tbody tr")
    expect(rows).to_have_count(3)

    with page.expect_navigation():
        rows.nth(2).locator("input[value=up] + button").click()
    expect(rows.nth(1)).to_contain_text("局长审批")
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        rows.nth(0).locator("form[action$='/remove/'] button").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("局长审批")
    expect(rows.nth(1)).to_contain_text("部门审核")
    screenshot(page, "powers-steps-edited")
    assert list(power.steps.values_list("order", "name")) == [(1, "局长审批"), (2, "部门审核")]
