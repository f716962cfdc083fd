"""The screens offer a user only what their roles and scope let them open or do."""

import pytest
from django.urls import reverse

from registry.choices import RiskPointStatus, Role
from registry.workflow import risk_list_for

WARNINGS = reverse("earlywarning:index")


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("inspector", True),
        ("leader", True),
        ("auditor", True),
        ("admin", True),
        ("incharge", False),
        ("depthead", False),
        ("staff", False),
    ],
)
def test_the_warnings_nav_item_only_for_who_opens_it(users, login, who, offered):
    client = login(users[who])
    body = client.get(reverse("registry:riskpoint_list")).content.decode()
    assert (f'href="{WARNINGS}"' in body) is offered
    assert client.get(WARNINGS).status_code == (200 if offered else 403)


@pytest.mark.parametrize(
    ("who", "link", "offered"),
    [
        ("auditor", "registry:change_log", True),
        ("staff", "registry:change_log", False),
        ("admin", "registry:role_list", True),
        ("leader", "registry:role_list", False),
    ],
)
def test_history_and_management_links_follow_the_scope(users, login, who, link, offered):
    body = login(users[who]).get(reverse("registry:riskpoint_list")).content.decode()
    assert (f'href="{reverse(link)}"' in body) is offered


@pytest.fixture
def submitted_list(make_point, org):
    points = [make_point(code=f"CZ-{n}", status=RiskPointStatus.SUBMITTED) for n in range(1, 3)]
    return risk_list_for(points[0]), points


def _offered_actions(response) -> set[str]:
    return {value for value, _label in response.context["form"].fields["action"].choices}


def test_the_batch_page_offers_each_role_only_its_actions(submitted_list, users, login):
    risk_list, _points = submitted_list
    url = reverse("registry:risklist_detail", args=[risk_list.pk])
    depthead = login(users["depthead"]).get(url)
    assert _offered_actions(depthead) == {"sign", "return"}
    auditor = login(users["auditor"]).get(url)
    assert _offered_actions(auditor) == set()
    body = auditor.content.decode()
    assert 'name="points"' not in body
    assert 'id="batch-form"' in body and "workflow" not in body.split('id="batch-form"')[1]


def test_an_action_not_offered_is_refused_without_change(submitted_list, users, login):
    risk_list, points = submitted_list
    url = reverse("registry:risklist_detail", args=[risk_list.pk])
    payload = {"action": "review", "points": [points[0].pk], "list_version": risk_list.version}
    response = login(users["depthead"]).post(url, payload, follow=True)
    assert response.status_code == 200
    assert any("审核" in str(m) or "选择" in str(m) for m in response.context["messages"])
    points[0].refresh_from_db()
    assert points[0].status == RiskPointStatus.SUBMITTED


def test_a_refused_batch_keeps_the_page_and_the_selection(
    make_point, org, users, login, new_user_with_role
):
    from registry.services import role_grant

    # Reads the whole unit as auditor, but signs only for the procurement department;
    # a page opened before a change of roles (or a crafted post) asks for both points.
    reader = new_user_with_role("readsigner", Role.AUDITOR, org.finance)
    role_grant(
        user=reader,
        role=Role.DEPARTMENT_HEAD,
        unit=org.finance,
        departments=[org.procurement],
        by=None,
    )
    own = make_point(code="CZ-1", status=RiskPointStatus.SUBMITTED)
    other = make_point(code="CZ-2", post=org.budget_clerk, status=RiskPointStatus.SUBMITTED)
    risk_list = risk_list_for(own)
    url = reverse("registry:risklist_detail", args=[risk_list.pk])
    payload = {"action": "sign", "points": [own.pk, other.pk], "list_version": risk_list.version}
    response = login(reader).post(url, payload)
    assert response.status_code == 200
    assert response.context["selected"] == {own.pk, other.pk}
    body = response.content.decode()
    assert f'value="{own.pk}" data-group="submitted" aria-label="{own.name}" checked' in body
    # The point the user may not sign has no box to tick in the first place.
    assert f'name="points" value="{other.pk}"' not in body
    assert "不允许" in body or "无权" in body
    own.refresh_from_db()
    assert own.status == RiskPointStatus.SUBMITTED
