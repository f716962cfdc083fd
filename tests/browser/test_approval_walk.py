"""One risk point from the post holder filling it in, through every review, to
the public notice and into effect — clicked through in the browser, counting the
clicks (buttons and links pressed, confirmations accepted; typing into fields and
choosing answers is filling in, not clicking)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "供应商评审专家抽取泄密"
MOST_CLICKS = 8


class Clicks:
    """Counts what the user presses on the way."""

    def __init__(self) -> None:
        self.count = 0

    def press(self, locator, *, confirm: bool = False) -> None:
        page = locator.page
        if confirm:
            # The confirmation dialog is one more click: accepting it.
            page.once("dialog", lambda dialog: self._accept(dialog))
        with page.expect_navigation():
            locator.click()
        self.count += 1

    def _accept(self, dialog) -> None:
        self.count += 1
        dialog.accept()


def reviewer(browser, live_server, login, username: str):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    login(page, username)
    expect(page.locator("#home-tasks")).to_be_visible()  # signing in lands on the home page
    return context, page


def test_a_list_walks_from_staff_to_in_effect_in_at_most_8_clicks(
    page, login, screenshot, browser, live_server
):
    from registry.demo import seed_demo
    from registry.models import RiskList, RiskPoint
    from registry.workflow import take_effect_due

    seed_demo()
    clicks = Clicks()

    # The post holder fills in a point of their own post, grades it and submits it.
    login(page, "staff")
    clicks.press(page.locator("#new-point"))
    page.select_option("select[name=scope]", "post")
    page.fill("input[name=name]", NAME)
    page.fill("textarea[name=manifestation]", "评审专家名单提前泄露给供应商")
    page.select_option("select[name=category]", label="岗位职责风险")
    for factor in page.locator("#grading-factors .field").all():
        factor.locator("input[type=radio]").nth(1).check()  # the middle answers: level 2
    page.fill("textarea[name='measures-0-text']", "专家抽取全程录像，名单密封保存")
    clicks.press(page.locator("#save-and-submit"))
    expect(page.locator("#point-status")).to_have_text("已提交")
    expect(page.locator(".messages, [role=status], body").first).to_contain_text("下一步")
    point = RiskPoint.objects.get(name=NAME)
    assert point.code  # numbered for its unit
    assert point.level == 2  # from the factors
    screenshot(page, "walk-1-submitted")

    # The department head signs and the leader in charge reviews, each from their home page.
    for username, step in [("depthead", "sign"), ("incharge", "review")]:
        context, home = reviewer(browser, live_server, login, username)
        clicks.press(home.locator(f"#act-{step}-{point.pk} button[type=submit]"))
        expect(home.locator("body")).to_contain_text("下一步")
        screenshot(home, f"walk-2-{username}")
        context.close()

    # The main leader approves (a level-2 point), confirms, and opens the public notice.
    context, leader = reviewer(browser, live_server, login, "leader")
    clicks.press(leader.locator(f"#act-approve-{point.pk} button[type=submit]"), confirm=True)
    expect(leader.locator("body")).to_contain_text("公示至")
    point.refresh_from_db()
    assert point.status == "on_notice"
    screenshot(leader, "walk-3-on-notice")
    clicks.press(leader.get_by_role("link", name=re.compile("风险清单公示")))
    expect(leader.get_by_role("cell", name=NAME)).to_be_visible()
    context.close()

    assert clicks.count <= MOST_CLICKS, f"the walk took {clicks.count} clicks"

    # Anyone on the intranet reads the notice without logging in.
    risk_list = RiskList.objects.get(unit=point.unit, year=point.year)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = context.new_page()
    public.goto(f"/notice/{risk_list.pk}/")
    expect(public.get_by_role("cell", name=NAME)).to_be_visible()
    screenshot(public, "walk-4-notice")
    context.close()

    # A week later the beat task puts the list into effect.
    assert take_effect_due(now=risk_list.notice_until + datetime.timedelta(minutes=1)) >= 1
    page.goto(f"/register/{point.pk}/")
    expect(page.locator("#point-status")).to_have_text("已生效")
    expect(page.locator("#sign-offs li")).to_have_count(5)
    expect(page.locator("#sign-offs")).to_contain_text(re.compile("罗敏|incharge"))
    screenshot(page, "walk-5-in-effect")


def test_a_reviewer_sends_back_with_a_reason_from_the_named_button(
    page, login, browser, live_server
):
    from registry.demo import seed_demo
    from registry.models import RiskPoint

    seed_demo()
    point = RiskPoint.objects.filter(status="submitted", department__isnull=False).first()
    login(page, "depthead")
    page.goto(f"/register/{point.pk}/")
    expect(page.locator("#act-buttons [data-act]")).to_have_count(2)
    expect(page.locator("#act-buttons input[name=meeting_date]")).to_have_count(0)
    page.click("#act-return summary")
    page.fill("#act-return textarea[name=comment]", "措施不具体")
    with page.expect_navigation():
        page.click("#act-return button[type=submit]")
    expect(page.locator("#point-status")).to_have_text("草稿")


def test_each_role_lands_on_its_home_page(browser, live_server, login, screenshot):
    from registry.demo import seed_demo

    seed_demo()
    panels = {
        "inspector": ["#home-cycle", "#home-warnings"],
        "leader": ["#home-unit_lists"],
        "group": ["#home-unit_lists"],
        "auditor": ["#home-changes"],
        "admin": ["#home-changes"],
    }
    for username in [
        "inspector",
        "leader",
        "incharge",
        "group",
        "depthead",
        "staff",
        "admin",
        "auditor",
        "unitadmin",
    ]:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1440, "height": 900}
        )
        page = context.new_page()
        login(page, username)
        assert page.url == f"{live_server.url}/", f"{username} landed on {page.url}"
        expect(page.locator("#home-tasks")).to_be_visible()
        for panel in panels.get(username, []):
            expect(page.locator(panel)).to_be_visible()
        # Every figure is a link that opens.
        for href in page.locator(".home-figure a").evaluate_all("els => els.map(e => e.href)"):
            assert page.request.get(href).status == 200, f"{username}: {href}"
        screenshot(page, f"home-{username}")
        context.close()
