"""Discipline staff issue commitment letters for the finance bureau, two come back signed,
the collection rate and the reminder to the rest show, and a signer's integrity file lists
the letter — clicked through in the browser on the demo district."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIGNERS = ("韩雪", "曹宇")
TITLE = "2026年度廉洁从业承诺书（浏览器）"


def test_issue_collect_remind_and_file(page, login, screenshot, settings, tmp_path):
    from registry.demo import seed_demo
    from registry.models import Person, Unit

    settings.MEDIA_ROOT = tmp_path
    seed_demo()
    finance = Unit.objects.get(code="CZ")
    people = Person.objects.filter(unit=finance, is_active=True).count()
    today = datetime.date.today()

    login(page, "inspector")
    page.goto("/")
    page.click("#nav-programme")
    page.click(f"#units a:has-text('{finance.name}')")
    with page.expect_navigation():
        page.click("#issue-letters")
    page.select_option("#issue-form select[name=kind]", "commitment")
    page.fill("#issue-form input[name=title]", TITLE)
    page.fill("#issue-form input[name=due_on]", (today + datetime.timedelta(days=30)).isoformat())
    with page.expect_navigation():
        page.click("#issue-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#issued")).to_have_text(str(people))
    expect(page.locator("#rate")).to_have_text("0.0%")
    screenshot(page, "programme-1-issued")

    for name in SIGNERS:
        row = page.locator(f"#letters tr[data-person='{name}']")
        row.locator("input[name=signed_on]").fill(today.isoformat())
        row.locator("input[name=scan]").set_input_files(
            {"name": "signed.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 signed"}
        )
        with page.expect_navigation():
            row.locator("button[type=submit]").click()
        expect(page.locator(f"#letters tr[data-person='{name}'].signed")).to_have_count(1)
    expect(page.locator("#signed")).to_have_text("2")
    expect(page.locator("#rate")).to_have_text(f"{round(200 / people, 1)}%")

    with page.expect_navigation():
        page.click("#remind")
    expect(page.locator("#letters tr.missing td.reminded").first).to_contain_text(today.isoformat())
    expect(page.locator("#letters tr.signed td.reminded").first).to_have_text("—")
    screenshot(page, "programme-2-collected-and-reminded")

    # The unit's main leader has not signed: the reminder is in his notifications.
    leader = page.context.browser.new_context(
        base_url=page.url.split("/programme")[0], locale="zh-CN"
    ).new_page()
    login(leader, "leader")
    leader.goto("/notifications/")
    expect(leader.locator("main")).to_contain_text(TITLE)
    leader.context.close()

    signer = Person.objects.get(unit=finance, name=SIGNERS[0])
    page.goto(f"/assessment/people/{signer.pk}/?year={today.year}")
    letters = page.locator("#integrity-letters")
    expect(letters).to_contain_text(TITLE)
    expect(letters).to_contain_text(today.isoformat())
    screenshot(page, "programme-3-integrity-file")
