"""The main pages work in Chromium under the Content-Security-Policy: no violation is
reported on the console, and what used to be inline (handlers, colours) still works."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_main_pages_raise_no_csp_violation(page, login, screenshot):
    from powers.models import PowerItem
    from registry.demo import seed_demo
    from registry.models import RiskPoint

    seed_demo()
    power = PowerItem.objects.filter(steps__isnull=False).order_by("pk").first()
    point = RiskPoint.objects.order_by("pk").first()
    messages, errors = [], []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    login(page, "admin")
    pages = [
        "/register/",
        f"/register/{point.pk}/",
        f"/powers/{power.pk}/flow/",
        "/ledgers/",
        f"/assessment/units/{point.unit_id}/map/",
        "/warnings/",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    screenshot(page, "csp-last-page")

    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == [] and errors == []


def test_declared_behaviour_works_without_inline_handlers(page, login):
    from registry.demo import seed_demo
    from registry.models import RiskPoint

    seed_demo()
    point = RiskPoint.objects.filter(level=1).order_by("pk").first()
    login(page, "admin")

    # Heat-map colours (the level's own) come from data attributes through the CSSOM.
    from registry.levels import LEVEL_COLOURS

    page.goto(f"/assessment/units/{point.unit_id}/map/")
    coloured = page.locator("#heat-map td.cell[data-heat^='background']").first
    expect(coloured).to_be_visible()
    colour = LEVEL_COLOURS[int(coloured.get_attribute("data-level"))]
    rgb = "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))
    assert coloured.evaluate("cell => getComputedStyle(cell).backgroundColor") == rgb

    # The language switch submits on change (it was onchange="this.form.submit()").
    page.goto("/register/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
