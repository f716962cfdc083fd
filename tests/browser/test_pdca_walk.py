"""A sampled unit from inspection to closure (销号), clicked through in the browser:
the inspector checks the finance bureau and records a finding, the bureau's leader
submits evidence, the inspector verifies and closes it."""

from unittest import mock

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FINDING = "政府采购评审记录未归档"


def seed_registry_and_pdca() -> None:
    from django.apps import apps

    import registry.demo

    configs = [c for c in apps.get_app_configs() if c.name in {"registry", "pdca"}]
    with mock.patch.object(registry.demo.django_apps, "get_app_configs", return_value=configs):
        registry.demo.seed_demo()


def test_inspection_to_closure(page, login, screenshot, browser, live_server):
    from pdca.models import Inspection, RectificationItem

    seed_registry_and_pdca()
    inspection = Inspection.objects.get(unit__code="CZ", draw__quarter="2026Q1")

    login(page, "inspector")
    page.goto("/pdca/")
    with page.expect_navigation():
        page.click(f"a[href='/pdca/inspections/{inspection.pk}/']")
    first = inspection.items.order_by("level", "point_name", "pk").first()
    page.select_option(f"select[name=result_{first.pk}]", "not_carried_out")
    page.fill(f"textarea[name=notes_{first.pk}]", "未见集体研究记录")
    with page.expect_navigation():
        page.click("#save-results")
    first.refresh_from_db()
    assert first.result == "not_carried_out" and first.notes == "未见集体研究记录"

    page.select_option("form[action$='/findings/'] select[name=severity]", "significant")
    page.fill("form[action$='/findings/'] textarea[name=description]", FINDING)
    page.select_option("form[action$='/findings/'] select[name=owner]", label="周立新")
    with page.expect_navigation():
        page.click("form[action$='/findings/'] button[type=submit]")
    screenshot(page, "pdca-1-finding")
    item = RectificationItem.objects.get(title=FINDING)

    owner = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(owner, "leader")
    owner.goto(f"/pdca/rectification/{item.pk}/")
    owner.fill("textarea[name=comment]", "已将评审记录补充归档")
    owner.set_input_files(
        "input[name=files]",
        files=[{"name": "归档清单.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 list"}],
    )
    with owner.expect_navigation():
        owner.click("button[value=submit]")
    screenshot(owner, "pdca-2-evidence")
    item.refresh_from_db()
    assert item.status == "evidence_submitted" and item.evidence.count() == 1

    page.goto(f"/pdca/rectification/{item.pk}/")
    with page.expect_navigation():
        page.click("button[value=verify]")
    with page.expect_navigation():
        page.click("button[value=close]")
    screenshot(page, "pdca-3-closed")
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_on_time
