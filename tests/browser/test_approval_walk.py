"""One risk point from the post holder filling it in, through every review, to
the public notice and into effect — clicked through in the browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "供应商评审专家抽取泄密"


def act(page, action_label: str, **fields) -> None:
    page.select_option("#transition-form select[name=action]", label=action_label)
    for name, value in fields.items():
        page.fill(f"#transition-form [name={name}]", value)
    with page.expect_navigation():
        page.click("#transition-form button[type=submit]")


def open_task(page, login, username: str) -> None:
    """Sign in, see the task counted in the navigation bar, open it from My tasks."""
    login(page, username)
    expect(page.locator("#nav-tasks .count")).to_be_visible()
    page.click("#nav-tasks")
    with page.expect_navigation():
        page.get_by_role("link", name=NAME).click()


def test_a_list_walks_from_staff_to_in_effect(page, login, screenshot, browser, live_server):
    from registry.demo import seed_demo
    from registry.models import RiskList, RiskPoint
    from registry.workflow import take_effect_due

    seed_demo()

    # The post holder fills in a point of their own post and signs it.
    login(page, "staff")
    page.goto("/register/new/")
    page.select_option("select[name=scope]", "post")
    page.fill("input[name=name]", NAME)
    page.fill("textarea[name=manifestation]", "评审专家名单提前泄露给供应商")
    page.select_option("select[name=category]", label="岗位职责风险")
    page.select_option("select[name=level]", "2")
    page.fill("textarea[name='measures-0-text']", "专家抽取全程录像，名单密封保存")
    with page.expect_navigation():
        page.click("form.edit-form button[type=submit]")
    expect(page.locator("#point-status")).to_have_text("草稿")
    act(page, "提交并签字")
    expect(page.locator("#point-status")).to_have_text("已提交")
    screenshot(page, "walk-1-submitted")

    # The department head checks and signs; the leader in charge reviews.
    for username, action in [("depthead", "审核签字"), ("incharge", "审核")]:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        reviewer = context.new_page()
        open_task(reviewer, login, username)
        act(reviewer, action, comment="同意")
        screenshot(reviewer, f"walk-2-{username}")
        context.close()

    # The main leader approves (a level-2 point) and the list goes on notice.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    leader = context.new_page()
    open_task(leader, login, "leader")
    act(leader, "审批", notice_days="7")
    expect(leader.locator("#point-status")).to_have_text("公示中")
    screenshot(leader, "walk-3-on-notice")
    context.close()

    # Anyone on the intranet reads the notice without logging in.
    point = RiskPoint.objects.get(name=NAME)
    risk_list = RiskList.objects.get(unit=point.unit, year=point.year)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = context.new_page()
    public.goto(f"/notice/{risk_list.pk}/")
    expect(public.get_by_role("cell", name=NAME)).to_be_visible()
    screenshot(public, "walk-4-notice")
    context.close()

    # A week later the beat task puts the list into effect.
    assert take_effect_due(now=risk_list.notice_until + datetime.timedelta(minutes=1)) >= 1
    page.reload()
    expect(page.locator("#point-status")).to_have_text("已生效")
    expect(page.locator("#sign-offs li")).to_have_count(5)
    expect(page.locator("#sign-offs")).to_contain_text(re.compile("罗敏|incharge"))
    screenshot(page, "walk-5-in-effect")
