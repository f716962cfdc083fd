"""A leader approves on a phone (390×844): no page scrolls sideways, the menu
button reaches 通知 and 退出登录, list rows are cards, the approval goes through."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def snap():
    """What the phone's screen shows (the first screenful), saved under test-artifacts/."""
    from tests.browser.conftest import ARTIFACTS

    def save(page, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png")

    return save


@pytest.fixture
def phone(browser, live_server, screenshot, request):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(page, "failed-phone")
    context.close()


def assert_fits(page, what: str) -> None:
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    # A phone widens its layout viewport (innerWidth) to fit wide content: compare
    # with the screen's own width too.
    assert widths[0] <= widths[1] == PHONE["width"], (
        f"{what} is {widths[0]}px wide on a {PHONE['width']}px screen"
    )


def open_menu(page) -> None:
    toggle = page.locator("[data-menu-toggle]")
    expect(toggle).to_be_visible()
    expect(page.locator("#nav-notifications")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def a_point_waiting_for(leader):
    """A submitted demo point, taken through the reviews before the main leader's."""
    from django.contrib.auth import get_user_model

    from registry.models import RiskPoint
    from registry.workflow import available_transitions, risk_list_for, transition_points

    users = get_user_model().objects
    reviewers = [users.get(username=name) for name in ("depthead", "incharge")]
    for point in RiskPoint.objects.filter(status="submitted").order_by("pk"):
        for reviewer in reviewers:
            for step in available_transitions(reviewer, point):
                transition_points(
                    name=step.name,
                    point_ids=[point.pk],
                    risk_list=risk_list_for(point),
                    by=reviewer,
                    expected_version=None,
                    comment="同意",
                )
                point.refresh_from_db()
        if "approve" in [t.name for t in available_transitions(leader, point)]:
            return point
    raise AssertionError("no demo point can reach the leader")


def test_a_leader_approves_a_list_on_a_phone(phone, login, snap):
    from django.contrib.auth import get_user_model

    from registry.demo import seed_demo
    from registry.workflow import risk_list_for

    seed_demo()
    point = a_point_waiting_for(get_user_model().objects.get(username="leader"))
    waiting_status = point.status
    risk_list = risk_list_for(point)

    login(phone, "leader")

    # The navigation is folded: the menu button reaches notifications and logging out.
    phone.goto("/register/")
    open_menu(phone)
    expect(phone.locator("#nav-notifications")).to_be_visible()
    expect(phone.get_by_role("button", name="退出登录")).to_be_visible()
    assert_fits(phone, "the register list with its menu open")
    snap(phone, "phone-menu")

    # The register list: every row is a card whose cells name their column.
    phone.goto("/register/")
    assert_fits(phone, "the register list")
    first_cell = phone.locator("#register-table tbody tr").first.locator("td").nth(1)
    assert first_cell.get_attribute("data-label") == "风险点"
    snap(phone, "phone-register")

    phone.goto(f"/register/{point.pk}/")
    expect(phone.locator(".breadcrumbs")).to_contain_text("风险台账")
    assert_fits(phone, "a risk point")
    snap(phone, "phone-risk-point")

    phone.goto("/tasks/")
    assert_fits(phone, "My tasks")
    snap(phone, "phone-my-tasks")

    # The leader approves the points waiting for them, on the list's page.
    phone.goto(f"/lists/{risk_list.pk}/")
    assert_fits(phone, "the risk list")
    phone.locator(f'[data-select-group="{waiting_status}"]').click()
    if phone.locator("#batch-form [name=notice_days]").count():
        phone.fill("#batch-form [name=notice_days]", "7")
    snap(phone, "phone-approval")
    phone.once("dialog", lambda dialog: dialog.accept())  # approving is confirmed
    with phone.expect_navigation():
        phone.click('#batch-form button[data-act="approve"]')
    expect(phone.locator(".messages")).to_be_visible()
    assert_fits(phone, "the risk list after approving")
    point.refresh_from_db()
    assert point.status == "on_notice", "the leader's approval did not go through"
    snap(phone, "phone-approved")
