"""Every demo user can sign in and open the register."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_USERS = ["inspector", "leader", "incharge", "group", "depthead", "staff", "admin", "auditor"]


@pytest.mark.parametrize("username", DEMO_USERS)
def test_demo_user_opens_register(page, login, screenshot, username):
    from registry.demo import seed_demo

    seed_demo()
    login(page, username)

    response = page.goto("/register/")
    screenshot(page, f"smoke-{username}")

    assert response.status == 200
    expect(page.locator("table#register-table")).to_be_attached()
