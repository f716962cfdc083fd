"""The API's documentation pages render in Chromium under the Content-Security-Policy,
from static files only: Swagger UI lists the operations, ReDoc (which styles itself
inline, allowed on its page alone) shows them too."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_swagger_ui_and_redoc_show_the_operations(page, login, screenshot):
    from registry.demo import seed_demo

    seed_demo()
    login(page, "inspector")

    page.goto("/api/schema/swagger/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=15000)
    expect(page.get_by_text("/api/v1/risk-points/", exact=True).first).to_be_visible()
    screenshot(page, "api-swagger")

    response = page.goto("/api/schema/redoc/")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_text("/api/v1/risk-points/", exact=True).first).to_be_attached(timeout=15000)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    screenshot(page, "api-redoc")

    # Every other page keeps inline styles out.
    policy = page.goto("/register/").headers["content-security-policy"]
    assert "unsafe-inline" not in policy
