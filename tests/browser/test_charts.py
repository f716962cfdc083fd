"""The pictures on the demo district, in Chromium: the likelihood × harm matrix and the
level roll-up (a cell opens the register with as many points), the trends per quarter,
and the PDCA calendar with today marked. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_matrix_and_rollup_open_the_points(page, login, screenshot):
    from registry.demo import seed_demo

    seed_demo()
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "inspector")
    page.goto("/assessment/units/")

    matrix = page.locator("#point-matrix")
    expect(matrix).to_be_visible()
    counts = [
        int(n)
        for n in matrix.locator("td.mx-cell").evaluate_all("cs => cs.map(c => c.dataset.count)")
    ]
    assert sum(1 for n in counts if n) >= 5  # the demo's points spread over the matrix
    rows = page.locator("#rollup tbody tr")
    assert rows.count() >= 8
    shares = rows.locator("td[data-level='1'] .share").all_inner_texts()
    assert len(set(shares)) > 3  # the units are told apart
    screenshot(page, "charts-risk-maps")
    ARTIFACTS.mkdir(exist_ok=True)
    matrix.screenshot(path=ARTIFACTS / "charts-matrix.png")
    page.locator("#district-rollup").screenshot(path=ARTIFACTS / "charts-rollup.png")

    busiest = max(range(len(counts)), key=counts.__getitem__)
    with page.expect_navigation():
        matrix.locator("td.mx-cell").nth(busiest).locator("a").click()
    assert "/register/" in page.url and "likelihood=" in page.url
    expect(page.locator(".result-count")).to_contain_text(str(counts[busiest]))


def test_trends_per_quarter(page, login, screenshot):
    from registry.demo import seed_demo

    seed_demo()
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "inspector")
    page.goto("/warnings/")
    with page.expect_navigation():
        page.locator("a[href='/warnings/trends/']").first.click()
    for chart in ("trend-new-points", "trend-levels", "trend-warnings", "trend-rectification"):
        expect(page.locator(f"#{chart} svg rect").first).to_be_attached()
    quarters_with_points = page.locator("#trend-new-points text.head").count()
    assert quarters_with_points >= 6
    screenshot(page, "charts-trends")


def test_pdca_calendar_marks_today(page, login, screenshot):
    from pdca.models import Cycle
    from registry.demo import seed_demo

    seed_demo()
    cycle = Cycle.objects.get()
    page.set_viewport_size({"width": 1440, "height": 900})
    login(page, "inspector")
    page.goto(f"/pdca/cycles/{cycle.pk}/")
    expect(page.locator("#today-marker")).to_be_visible()
    red = ".mark-missing:not(.earlier), .mark-late:not(.earlier)"
    # Red marks only in rows that are late against the phase in force, and each such row
    # shows one; misses of earlier phases are grey.
    assert page.locator(f"#dashboard tbody tr:not(.late) :is({red})").count() == 0
    for row in page.locator("#dashboard tbody tr.late").all():
        assert row.locator(red).count() >= 1
    assert page.locator("#dashboard .mark.earlier").count() > 0
    screenshot(page, "charts-pdca-dashboard")
