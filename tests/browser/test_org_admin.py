"""A unit's administrator runs its organisation in the browser: a department, a key
post, a person with a login and email, a rotation; the new holder then signs in and
sees the post's risk points. Another unit's organisation stays out of reach."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "Rotate-2026-ok"


def save(page) -> None:
    with page.expect_navigation():
        page.click("#org-form button[type=submit]")
    expect(page.locator(".messages .success")).to_be_visible()


def test_unit_admin_builds_and_rotates(page, login, screenshot, browser, live_server):
    from registry.demo import seed_demo
    from registry.models import Unit

    seed_demo()
    login(page, "unitadmin")
    page.click("#nav-org")
    page.get_by_role("link", name="明湖区财政局", exact=True).click()
    unit_url = page.url

    # A department, and a key post in it.
    page.get_by_role("link", name="添加科室").click()
    page.fill("#org-form [name=name]", "内审科")
    save(page)
    page.get_by_role("link", name="添加岗位").click()
    page.select_option("#org-form [name=department]", label="内审科")
    page.fill("#org-form [name=name]", "内审复核岗")
    page.check("#org-form [name=is_key_post]")
    save(page)
    expect(page.locator("#org-posts tr", has_text="内审复核岗")).to_contain_text("关键岗位")

    # A person with a login and an email address.
    page.get_by_role("link", name="添加人员").click()
    page.select_option("#org-form [name=department]", label="政府采购科")
    page.fill("#org-form [name=name]", "钱新来")
    page.fill("#org-form [name=title]", "科员")
    save(page)
    page.locator("#org-people tr", has_text="钱新来").get_by_role("link", name="创建账号").click()
    page.fill("#org-form [name=username]", "qianxl")
    page.fill("#org-form [name=email]", "qianxl@example.org")
    page.fill("#org-form [name=password]", NEW_PASSWORD)
    save(page)
    expect(page.locator("#org-people tr", has_text="钱新来")).to_contain_text("qianxl@example.org")
    screenshot(page, "org-unit")

    # Rotation: 钱新来 takes over the procurement review post from 谢婷婷.
    page.locator("#org-posts tr", has_text="采购审核岗").get_by_role("link", name="轮岗").click()
    page.select_option("#rotation-form [name=rotation-person]", label="钱新来")
    with page.expect_navigation():
        page.click("#rotation-form button[type=submit]")
    expect(page.locator("#tenures tbody tr").first).to_contain_text("钱新来")
    expect(page.locator("#tenures tr", has_text="谢婷婷")).not_to_contain_text("至今")
    screenshot(page, "org-rotation")

    # Another unit's organisation is a 404, by id as much as by link.
    other = Unit.objects.get(code="GT")
    assert page.goto(f"/org/units/{other.pk}/").status == 404
    assert page.goto(f"/org/units/{other.pk}/edit/").status == 404
    assert page.goto(unit_url).status == 200

    # Rotation control: the demo's treasury head has held a key post since 2018.
    page.goto("/org/rotation/")
    expect(page.locator("#rotation-due tr", has_text="邓建军")).to_contain_text("逾期")

    # The new holder signs in and sees the post's risk points.
    holder = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    holder.goto("/accounts/login/")
    holder.fill("input[name=username]", "qianxl")
    holder.fill("input[name=password]", NEW_PASSWORD)
    with holder.expect_navigation():
        holder.click("button[type=submit]")
    holder.goto("/register/")
    expect(holder.locator("table#register-table")).to_contain_text("采购文件审核")
    screenshot(holder, "org-new-holder-register")
    holder.context.close()
