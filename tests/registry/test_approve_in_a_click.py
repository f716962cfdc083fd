"""Approvals in a click: a named button per step the user may take, with only the
fields that step needs; acting from My tasks; who acts next; who is told."""

import pytest
from django.db import transaction
from django.urls import reverse

from registry import services
from registry.choices import RiskPointStatus as S
from registry.models import Notification, RiskPoint
from registry.workflow import risk_list_for, transition_points
from tests.conftest import grading_answers
from tests.registry.test_edit_risk_point import form_data

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


def walk(point, users, until: str):
    for name, user in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        act(name, point, users[user])
        if name == until:
            return


def buttons(response) -> list[str]:
    return [b.name for b in response.context["buttons"]]


def test_a_department_head_gets_sign_and_send_back_with_only_their_fields(
    point_with_measures, users, login
):
    walk(point_with_measures, users, "submit")
    response = login(users["depthead"]).get(
        reverse("registry:riskpoint_detail", args=[point_with_measures.pk])
    )
    assert buttons(response) == ["sign", "return"]
    html = response.content.decode()
    assert 'data-act="sign"' in html and ">审核签字<" in html
    assert 'name="meeting_date"' not in html and 'name="notice_days"' not in html
    # One step back from "submitted" is draft already: no "back to draft" box.
    assert 'name="to_draft"' not in html
    assert '<select name="action"' not in html


def test_a_leader_approves_a_level_2_point_with_a_confirmation_and_no_meeting(
    point_with_measures, users, login
):
    walk(point_with_measures, users, "review")
    response = login(users["leader"]).get(
        reverse("registry:riskpoint_detail", args=[point_with_measures.pk])
    )
    assert buttons(response) == ["approve", "return"]
    html = response.content.decode()
    assert 'data-act="approve" data-confirm="' in html
    assert 'name="meeting_date"' not in html
    assert 'name="notice_days"' in html and 'name="to_draft"' in html


def test_the_leading_group_records_a_level_1_decision_with_the_meeting_fields(
    make_point, users, login
):
    point = make_point(name="一级风险", level=1)
    walk(point, users, "review")
    leader = login(users["leader"]).get(reverse("registry:riskpoint_detail", args=[point.pk]))
    assert buttons(leader) == ["return"]
    group = login(users["group"]).get(reverse("registry:riskpoint_detail", args=[point.pk]))
    assert "decide" in buttons(group)
    html = group.content.decode()
    assert 'name="meeting_date"' in html and 'name="minutes_ref"' in html


def test_the_message_names_who_acts_next(point_with_measures, users, login):
    walk(point_with_measures, users, "submit")
    users["incharge"].first_name = "罗敏"
    users["incharge"].save()
    client = login(users["depthead"])
    url = reverse("registry:riskpoint_act", args=[point_with_measures.pk])
    version = risk_list_for(point_with_measures).version
    response = client.post(url, {"action": "sign", "list_version": version}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "科室负责人已审核" in message and "下一步：罗敏（审核）" in message


def test_approving_says_until_when_the_notice_runs(point_with_measures, users, login):
    walk(point_with_measures, users, "review")
    client = login(users["leader"])
    url = reverse("registry:riskpoint_act", args=[point_with_measures.pk])
    version = risk_list_for(point_with_measures).version
    response = client.post(url, {"action": "approve", "list_version": version}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "公示至" in message
    assert 'id="notice-banner"' in response.content.decode()


def test_nobody_is_told_to_act_on_a_list_on_notice(
    point_with_measures, users, django_capture_on_commit_callbacks
):
    walk(point_with_measures, users, "review")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        act("approve", point_with_measures, users["leader"], notice_days=7)
    assert point_with_measures.status == S.ON_NOTICE
    assert not Notification.objects.filter(recipient=users["inspector"]).exists()
    assert not Notification.objects.exists()


def test_a_reviewed_level_1_point_is_announced_to_the_leading_group_not_the_leader(
    make_point, users, django_capture_on_commit_callbacks
):
    point = make_point(name="一级风险", level=1)
    walk(point, users, "sign")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        act("review", point, users["incharge"])
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"group"}


def test_a_reviewer_acts_from_my_tasks_and_stays_there(point_with_measures, users, login):
    walk(point_with_measures, users, "sign")
    client = login(users["incharge"])
    tasks = client.get(reverse("registry:my_tasks"))
    html = tasks.content.decode()
    assert f'id="act-review-{point_with_measures.pk}"' in html
    version = risk_list_for(point_with_measures).version
    response = client.post(
        reverse("registry:riskpoint_act", args=[point_with_measures.pk]),
        {"action": "review", "list_version": version, "next": reverse("registry:my_tasks")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("registry:my_tasks")
    point_with_measures.refresh_from_db()
    assert point_with_measures.status == S.LEADER_REVIEWED
    # Only a path on this site is followed.
    walk_back = client.post(
        reverse("registry:riskpoint_act", args=[point_with_measures.pk]),
        {"action": "return", "comment": "x", "list_version": 0, "next": "https://evil.example/"},
    )
    assert walk_back["Location"] == reverse(
        "registry:riskpoint_detail", args=[point_with_measures.pk]
    )


def test_the_batch_page_offers_named_buttons(point_with_measures, make_point, users, login):
    other = make_point(name="第二个")
    walk(point_with_measures, users, "submit")
    act("submit", other, users["staff"])
    risk_list = risk_list_for(point_with_measures)
    client = login(users["depthead"])
    url = reverse("registry:risklist_detail", args=[risk_list.pk])
    page = client.get(url)
    assert [b.name for b in page.context["offer"].buttons] == ["sign", "return"]
    assert 'name="meeting_date"' not in page.content.decode()
    client.post(
        url,
        {
            "action": "sign",
            "points": [point_with_measures.pk, other.pk],
            "list_version": risk_list.version,
        },
    )
    assert set(RiskPoint.objects.values_list("status", flat=True)) == {S.DEPARTMENT_REVIEWED}


def test_save_and_submit_creates_grades_numbers_and_submits_in_one_step(
    org, users, login, settings
):
    settings.LEDGER_CODE_PATTERN = "{unit_code}-{year}-{seq:04d}"
    client = login(users["staff"])
    form = client.get(reverse("registry:riskpoint_create"))
    html = form.content.decode()
    assert 'id="save-and-submit"' in html and 'id="grading-factors"' in html
    assert 'name="level"' not in html
    assert "data-searchable" in html
    data = form_data(org, code="", save_and_submit="1", **grading_answers(2))
    response = client.post(reverse("registry:riskpoint_create"), data, follow=True)
    point = RiskPoint.objects.get()
    assert point.status == S.SUBMITTED
    assert point.code == "FIN-2026-0001"
    assert point.level == 1  # the highest answers grade level 1, whatever was posted as level
    [message] = [str(m) for m in response.context["messages"]]
    assert "已保存" in message and "已提交" in message


def test_ledger_codes_are_numbered_per_unit_without_gaps(org, users, login):
    client = login(users["admin"])
    client.post(reverse("registry:riskpoint_create"), form_data(org, code=""))
    # A save that fails after taking a number gives it back.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.risk_point_save(
            risk_point=RiskPoint(
                unit=org.finance,
                scope="unit",
                name="回滚",
                category=org.category,
                level=3,
                year=2026,
            ),
            measures=[],
            removed_measures=[],
            by=users["admin"],
        )
        raise RuntimeError
    org.finance.ledger_code_pattern = "CZ{seq:03d}"
    org.finance.save()
    client.post(reverse("registry:riskpoint_create"), form_data(org, code="CZ003", name="手写"))
    client.post(reverse("registry:riskpoint_create"), form_data(org, code="", name="第二个"))
    client.post(reverse("registry:riskpoint_create"), form_data(org, code="", name="第三个"))
    assert dict(RiskPoint.objects.values_list("name", "code")) == {
        "供应商资格审查走过场": "FIN-2026-0001",
        "手写": "CZ003",
        "第二个": "CZ002",
        "第三个": "CZ004",  # CZ003 was written by hand: passed over
    }


def test_a_unit_pattern_without_the_running_number_is_refused(org, users):
    from registry.org_forms import UnitForm

    data = {
        "name": org.finance.name,
        "code": org.finance.code,
        "kind": org.finance.kind,
        "parent": org.district.pk,
        "sort_order": 0,
        "is_active": True,
        "ledger_code_pattern": "{unit_code}-{year}",
    }
    form = UnitForm(data, instance=org.finance, manager=users["admin"])
    assert not form.is_valid()
    assert "{seq}" in form.errors["ledger_code_pattern"][0]
    form = UnitForm(
        {**data, "ledger_code_pattern": "{unit_code}/{seq:03d}"},
        instance=org.finance,
        manager=users["admin"],
    )
    assert form.is_valid(), form.errors
