"""An administrator imports the sample ledger in the browser: upload, a live progress bar,
the preview, confirm, the progress bar again, and the summary with links."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REGISTRY_TESTS = Path(__file__).resolve().parents[1] / "registry"
SAMPLE = REGISTRY_TESTS / "data" / "risk-ledger-sample.xlsx"
DEMO_PASSWORD = "demo12345"  # what the browser ``login`` fixture types


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """Tasks are held back, so the test sees the page while the task has not run yet."""
    from registry.ledger import forms
    from registry.views import ledger

    held: list[int] = []
    # the upload form queues the check, the batch page queues the commit
    for module in (forms, ledger):
        monkeypatch.setattr(module, "enqueue", lambda job, batch_id: held.append(batch_id))
    return held


def test_upload_preview_and_commit_with_progress(
    page, login, screenshot, org, queued, settings, tmp_path
):
    from django.contrib.auth import get_user_model

    from registry.choices import Role
    from registry.ledger import batches
    from registry.models import RiskPoint
    from registry.services import role_grant
    from tests.registry.ledger_support import make_sample_units

    settings.MEDIA_ROOT = tmp_path
    make_sample_units(org.district)
    admin = get_user_model().objects.create_user("ledgeradmin", password=DEMO_PASSWORD)
    role_grant(user=admin, role=Role.ADMIN, unit=org.district, by=None)

    login(page, "ledgeradmin")
    page.goto("/ledgers/")
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.check("input[name=create_missing]")
    with page.expect_navigation():
        page.click("#ledger-upload button[type=submit]")

    expect(page.locator("#ledger-progress")).to_be_visible()
    screenshot(page, "ledger-1-checking")
    batches.batch_check(batch_id=queued.pop())  # the worker's turn; the page polls and reloads
    expect(page.locator("#count-created")).to_have_text("36")
    expect(page.locator("#ledger-ignored")).to_contain_text("权力事项")
    screenshot(page, "ledger-2-preview")
    assert RiskPoint.objects.count() == 0

    with page.expect_navigation():
        page.click("#ledger-confirm button[type=submit]")
    expect(page.locator("#ledger-progress")).to_be_visible()
    batches.batch_commit(batch_id=queued.pop())
    expect(page.locator("#ledger-changes")).to_be_visible()
    screenshot(page, "ledger-3-summary")
    assert RiskPoint.objects.count() == 36

    with page.expect_navigation():
        page.get_by_role("link", name="密印管理与资金拨付").click()
    expect(page.locator("h1")).to_contain_text("密印管理与资金拨付")


def test_an_unknown_header_is_mapped_once_and_remembered(
    page, login, screenshot, org, queued, settings, tmp_path
):
    from django.contrib.auth import get_user_model

    from registry.choices import Role
    from registry.ledger import batches
    from registry.models import RiskPoint
    from registry.services import role_grant
    from tests.registry.ledger_support import HEADER, ledger

    settings.MEDIA_ROOT = tmp_path
    admin = get_user_model().objects.create_user("mapper", password=DEMO_PASSWORD)
    role_grant(user=admin, role=Role.ADMIN, unit=org.district, by=None)
    header = ["序号", "主管机关", *HEADER[2:]]
    row = ["区财政局", "政府采购科", "采购经办岗", "采购需求", "岗位职责风险", "二级", "措施"]
    first, second = tmp_path / "一月.xlsx", tmp_path / "二月.xlsx"
    first.write_bytes(ledger([[1, *row]], header=header))
    second.write_bytes(ledger([[1, *row[:3], "验收把关", *row[4:]]], header=header))

    def upload(path: Path) -> None:
        page.goto("/ledgers/")
        page.set_input_files("input[name=file]", str(path))
        with page.expect_navigation():
            page.click("#ledger-upload button[type=submit]")
        batches.batch_check(batch_id=queued.pop())

    login(page, "mapper")
    upload(first)
    mapping = page.locator("#ledger-mapping-1")
    expect(mapping).to_contain_text("主管机关")
    expect(mapping).to_contain_text("区财政局")  # a sample of the column's values
    screenshot(page, "ledger-mapping")
    mapping.get_by_label("主管机关").select_option(label="单位")
    with page.expect_navigation():
        mapping.locator("button[type=submit]").click()
    batches.batch_check(batch_id=queued.pop())
    expect(page.locator("#count-created")).to_have_text("1")
    with page.expect_navigation():
        page.click("#ledger-confirm button[type=submit]")
    batches.batch_commit(batch_id=queued.pop())
    expect(page.locator("#ledger-changes")).to_be_visible()

    upload(second)  # the same header layout: read the way it was mapped
    expect(page.locator("#count-created")).to_have_text("1")
    expect(page.locator("#ledger-mapping-1")).to_have_count(0)
    with page.expect_navigation():
        page.click("#ledger-confirm button[type=submit]")
    batches.batch_commit(batch_id=queued.pop())
    expect(page.locator("#ledger-changes")).to_be_visible()
    assert set(RiskPoint.objects.values_list("unit__name", flat=True)) == {"区财政局"}
    assert RiskPoint.objects.count() == 2
