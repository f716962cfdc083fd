"""Browser tests: Playwright's sync API drives Debian's Chromium against ``live_server``.

When /usr/bin/chromium is missing or will not start, every browser test is
skipped with the reason, and a notice is printed at the end of the run; in CI
(``CI=true``) it fails instead, so a run without its browser never passes.

Mark browser tests with ``@pytest.mark.browser`` and
``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``: the live
server runs in another thread, so test data must be committed, and the rollback
keeps the rows that data migrations seeded.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread, where
# Django would then refuse every database query.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "demo12345"

_skip_reason: str | None = None


def _no_browser(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser must be there."""
    global _skip_reason
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true and no browser: {reason}", pytrace=False)
    _skip_reason = reason
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    if not CHROMIUM.exists():
        _no_browser(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")

    from django.db import connections
    from playwright.sync_api import Error, sync_playwright

    # The test database is set up (and snapshotted for serialized_rollback)
    # before Playwright starts. Once Playwright's loop runs in this thread,
    # asgiref treats the thread as async and Django gets fresh connection
    # objects, which lack the snapshot: hand it over.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            _no_browser(f"Playwright cannot start {CHROMIUM}: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter) -> None:
    if _skip_reason:
        terminalreporter.write_sep("=", "browser tests skipped", yellow=True, bold=True)
        terminalreporter.write_line(_skip_reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)  # read by ``page`` to spot failures
    return report


@pytest.fixture
def screenshot() -> Callable:
    """``screenshot(page, name)`` saves test-artifacts/<name>.png and returns its path."""

    def save(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.fixture
def page(browser, live_server, screenshot, request) -> Iterator:
    """A page in a fresh context (no cookies), in Chinese, with relative URLs on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(page, "failed-" + re.sub(r"[^\w.-]+", "_", request.node.name))
    context.close()


@pytest.fixture
def login() -> Callable:
    """``login(page, username)`` signs in with the demo password through the login form."""

    def sign_in(page, username: str) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"

    return sign_in
