"""The home page each role lands on after logging in: their own items, each figure
a link to the list it counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.home import CHANGES_SHOWN
from registry.models import RiskPoint
from registry.views import tasks as tasks_view
from registry.workflow import risk_list_for, transition_points

pytestmark = pytest.mark.django_db


def act(name, point, user, **extra):
    risk_list = risk_list_for(point)
    transition_points(
        name=name,
        point_ids=[point.pk],
        risk_list=risk_list,
        by=user,
        expected_version=risk_list.version,
        **extra,
    )
    point.refresh_from_db()


def figures(response, panel: str) -> dict[str, tuple]:
    """{label: (value, url)} of one panel of the home page."""
    for found in response.context["home"].panels:
        if found.key == panel:
            return {f.label: (f.value, f.url) for f in found.figures}
    return {}


def test_the_root_and_the_login_lead_to_the_home_page(client, users):
    assert client.get("/").status_code == 302  # anonymous: to the login page
    response = client.post(reverse("login"), {"username": "depthead", "password": "test-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:home") == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "registry/home.html" in [t.name for t in page.templates]


def test_a_department_head_sees_what_waits_how_long_and_what_is_overdue(
    make_point, users, login, settings
):
    settings.TASK_OVERDUE_DAYS = 7
    old, new = make_point(name="早已提交"), make_point(name="刚刚提交")
    act("submit", old, users["staff"])
    act("submit", new, users["staff"])
    RiskPoint.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=10)
    )
    response = login(users["depthead"]).get("/")
    tasks = figures(response, "tasks")
    assert tasks["科室负责人审核签字"][0] == 2 or any(v[0] == 2 for v in tasks.values())
    overdue_value, overdue_url = tasks["逾期"]
    assert overdue_value == 1
    oldest = response.context["home"].oldest
    assert [(t.point.name, t.days, t.overdue) for t in oldest] == [
        ("早已提交", 10, True),
        ("刚刚提交", 0, False),
    ]
    assert "10 天" in response.content.decode()
    # The overdue figure opens My tasks with only the overdue point.
    listed = response.client.get(overdue_url)
    names = [p.name for _g, _c, rows in listed.context["groups"] for p, _b, _v in rows]
    assert names == ["早已提交"]


def test_a_task_figure_opens_my_tasks_filtered_to_that_group(make_point, users, login):
    point = make_point(name="待审核")
    act("submit", point, users["staff"])
    act("sign", point, users["depthead"])
    client = login(users["incharge"])
    tasks = figures(client.get("/"), "tasks")
    ((value, url),) = [v for label, v in tasks.items() if "group=review" in v[1]]
    assert value == 1
    listed = client.get(url)
    assert [g.key for g, _c, _rows in listed.context["groups"]] == ["review"]


def test_a_leader_sees_the_units_list_by_status_each_linked_to_the_filtered_register(
    org, make_point, users, login
):
    year = timezone.localdate().year
    waiting = make_point(name="待审批", year=year)
    make_point(name="草稿中", year=year)
    for name, user in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        act(name, waiting, users[user])
    client = login(users["leader"])
    response = client.get("/")
    lists = figures(response, "unit_lists")
    label = f"{org.finance.name} · 分管领导已审核"
    value, url = lists[label]
    assert value == 1
    register = client.get(url)
    assert [p.name for p in register.context["page"].object_list] == ["待审批"]
    # What waits for the leader is among their tasks.
    assert any("group=approve" in url for _v, url in figures(response, "tasks").values())


def test_a_leader_is_not_given_a_level_1_point_to_approve(make_point, users, login):
    point = make_point(name="一级风险", level=1)
    for name, user in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        act(name, point, users[user])
    leader_tasks = figures(login(users["leader"]).get("/"), "tasks")
    assert not any("group=approve" in url for _v, url in leader_tasks.values())
    group_tasks = figures(login(users["group"]).get("/"), "tasks")
    assert any("group=approve" in url for _v, url in group_tasks.values())


def test_discipline_staff_see_the_district_at_a_glance(org, users, login):
    response = login(users["inspector"]).get("/")
    keys = [p.key for p in response.context["home"].panels]
    assert "cycle" in keys and "warnings" in keys
    cycle = figures(response, "cycle")
    value, url = cycle["逾期的整改事项"]
    assert url.endswith("?overdue=1") and response.client.get(url).status_code == 200
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cycle["下一次季度抽查"][0])
    for _value, url in figures(response, "warnings").values():
        assert response.client.get(url).status_code == 200
    # A post holder sees none of it.
    staff = login(users["staff"]).get("/")
    assert {p.key for p in staff.context["home"].panels} == {"tasks"}


def test_an_auditor_sees_the_latest_changes(make_point, users, login):
    make_point(name="审计可见的变更")
    response = login(users["auditor"]).get("/")
    panel = next(p for p in response.context["home"].panels if p.key == "changes")
    assert any("审计可见的变更" in text for text, _url, _detail in panel.rows)
    for _text, url, _detail in panel.rows[:3]:
        assert response.client.get(url).status_code == 200
    value, url = figures(response, "changes")["今日变更"]
    assert value >= 1
    assert response.client.get(url).status_code == 200


@pytest.mark.parametrize("username", ["inspector", "leader", "depthead", "auditor", "staff"])
def test_the_home_page_costs_the_same_queries_with_ten_times_the_points(
    username, make_point, users, login, django_assert_max_num_queries
):
    client = login(users[username])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    for i in range(3):
        act("submit", make_point(name=f"少量{i}"), users["staff"])
    few = queries()
    for i in range(30):
        point = make_point(name=f"大量{i}")
        act("submit", point, users["staff"])
        if i % 2:
            act("sign", point, users["depthead"])
    many = queries()
    if username in {"inspector", "auditor"}:
        # The latest changes load each history table shown on them once: the count
        # moves with the mix of tables among the rows shown, never with the register's size.
        assert abs(many - few) <= CHANGES_SHOWN
    else:
        assert many == few
    with django_assert_max_num_queries(40):
        client.get("/")


def test_my_tasks_shows_the_longest_waiting_of_each_kind_and_links_to_the_rest(
    make_point, users, login, monkeypatch
):
    monkeypatch.setattr(tasks_view, "TASKS_PREVIEWED", 2)
    for i in range(3):
        make_point(name=f"草稿{i}")
    client = login(users["staff"])
    page = client.get(reverse("registry:my_tasks"))
    ((group, count, rows),) = page.context["groups"]
    assert (group.key, count, len(rows)) == ("fill", 3, 2)
    assert '<a href="?group=fill">以上是等待最久的 2 项' in page.content.decode()
    one_kind = client.get(reverse("registry:my_tasks") + "?group=fill")
    ((_group, _count, rows),) = one_kind.context["groups"]
    assert len(rows) == 3
    assert "等待最久" not in one_kind.content.decode()
