"""A unit's risk list moves through review and approval (三上三下, 层层把关)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from registry.choices import RiskPointStatus as S
from registry.models import Notification, RiskList, RiskPoint, SignOff
from registry.workflow import (
    ConflictError,
    open_revision,
    return_points,
    risk_list_for,
    take_effect_due,
    transition_points,
)

MINUTES = "党组会〔2026〕3号"


def meeting(users) -> dict:
    """A leading-group meeting held today, attended by the group's one member."""
    return {
        "meeting_date": timezone.localdate(),
        "minutes_ref": MINUTES,
        "attendees": [users["group"]],
    }


def act(name, point, user, **extra):
    risk_list = risk_list_for(point)
    outcome = transition_points(
        name=name,
        point_ids=[point.pk],
        risk_list=risk_list,
        by=user,
        expected_version=risk_list.version,
        **extra,
    )
    point.refresh_from_db()
    return outcome


def post_action(client, point, action, **data):
    risk_list = risk_list_for(point)
    payload = {"action": action, "list_version": risk_list.version, **data}
    return client.post(reverse("registry:riskpoint_act", args=[point.pk]), payload, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_post_point_walks_the_whole_chain(point_with_measures, users):
    point = point_with_measures
    act("submit", point, users["staff"])
    assert point.status == S.SUBMITTED
    act("sign", point, users["depthead"])
    assert point.status == S.DEPARTMENT_REVIEWED
    act("review", point, users["incharge"])
    assert point.status == S.LEADER_REVIEWED
    act("approve", point, users["leader"], notice_days=10)
    assert point.status == S.ON_NOTICE
    risk_list = risk_list_for(point)
    assert (risk_list.notice_until - risk_list.notice_start).days == 10

    assert take_effect_due(now=risk_list.notice_until - datetime.timedelta(minutes=1)) == 0
    assert take_effect_due(now=risk_list.notice_until + datetime.timedelta(minutes=1)) == 1
    assert take_effect_due(now=risk_list.notice_until + datetime.timedelta(minutes=2)) == 0
    point.refresh_from_db()
    assert point.status == S.ACTIVE

    steps = list(point.sign_offs.values_list("action", "by__username"))
    assert steps == [
        ("submit", "staff"),
        ("sign", "depthead"),
        ("review", "incharge"),
        ("approve", "leader"),
        ("take_effect", None),
    ]
    assert all(len(h) == 64 for h in point.sign_offs.values_list("content_hash", flat=True))
    assert point.history.first().history_user is None  # the beat task acted


def test_each_step_belongs_to_its_role(point_with_measures, users):
    point = point_with_measures
    with pytest.raises(ValidationError, match="不能|may not|无权"):
        act("sign", point, users["staff"])  # wrong status and not a department head
    act("submit", point, users["staff"])
    for outsider in ["staff", "incharge", "leader", "taxhead", "inspector"]:
        with pytest.raises(ValidationError):
            act("sign", point, users[outsider])
    assert RiskPoint.objects.get(pk=point.pk).status == S.SUBMITTED


def test_level_1_points_cannot_skip_the_leading_group(make_point, users):
    point = make_point(level=1)
    for name, user in [("submit", "staff"), ("sign", "depthead"), ("review", "incharge")]:
        act(name, point, users[user])
    with pytest.raises(ValidationError, match="一级"):
        act("approve", point, users["leader"])
    with pytest.raises(ValidationError, match="会议"):
        act("decide", point, users["group"])
    act("decide", point, users["group"], **meeting(users))
    assert point.status == S.ON_NOTICE
    decision = point.sign_offs.get(action="decide")
    assert (decision.meeting_date, decision.minutes_ref) == (timezone.localdate(), MINUTES)
    assert list(decision.decision.attendees.all()) == [users["group"]]
    assert risk_list_for(point).minutes_ref == MINUTES


def test_unit_points_go_from_submission_to_the_leading_group(make_point, users):
    point = make_point(post=None, scope="unit", level=1)
    act("submit", point, users["admin"])
    act("decide", point, users["group"], **meeting(users))
    assert point.status == S.ON_NOTICE


def test_sending_back_needs_a_reason_and_is_counted(point_with_measures, users):
    point = point_with_measures
    act("submit", point, users["staff"])
    act("sign", point, users["depthead"])
    risk_list = risk_list_for(point)
    with pytest.raises(ValidationError):
        return_points(
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users["incharge"],
            expected_version=None,
            reason=" ",
        )
    outcome = return_points(
        point_ids=[point.pk],
        risk_list=risk_list,
        by=users["incharge"],
        expected_version=None,
        reason="措施不具体",
    )
    point.refresh_from_db()
    assert point.status == S.SUBMITTED  # one step back
    assert outcome.risk_list.returns_count == 1
    return_points(
        point_ids=[point.pk],
        risk_list=risk_list,
        by=users["inspector"],
        expected_version=None,
        reason="重新查找",
        to_draft=True,
    )
    point.refresh_from_db()
    assert point.status == S.DRAFT
    assert RiskList.objects.get(pk=risk_list.pk).returns_count == 2
    assert point.sign_offs.filter(action="return").count() == 2


def test_a_stale_page_loses_with_who_and_when(point_with_measures, users):
    point = point_with_measures
    risk_list = risk_list_for(point)
    stale_version = risk_list.version
    act("submit", point, users["staff"])
    with pytest.raises(ConflictError) as conflict:
        transition_points(
            name="sign",
            point_ids=[point.pk],
            risk_list=risk_list,
            by=users["depthead"],
            expected_version=stale_version,
        )
    assert "staff" in str(conflict.value)
    assert RiskPoint.objects.get(pk=point.pk).status == S.SUBMITTED
    assert not point.sign_offs.filter(action="sign").exists()


def test_the_conflict_message_reaches_the_browser(point_with_measures, users, login):
    point = point_with_measures
    stale = risk_list_for(point).version
    act("submit", point, users["staff"])
    response = login(users["depthead"]).post(
        reverse("registry:riskpoint_act", args=[point.pk]),
        {"action": "sign", "list_version": stale},
        follow=True,
    )
    assert any("staff" in m and "刷新" in m for m in messages_of(response))


def test_forbidden_action_on_a_visible_point_is_403_with_reason(point_with_measures, users, login):
    response = post_action(login(users["leader"]), point_with_measures, "submit")
    assert response.status_code == 403
    assert "提交并签字" in response.content.decode()


def test_editing_after_sign_off_marks_it_outdated(point_with_measures, users, login):
    point = point_with_measures
    act("submit", point, users["staff"])
    client = login(users["inspector"])
    url = reverse("registry:riskpoint_detail", args=[point.pk])
    assert "outdated" not in client.get(url).content.decode()
    point.manifestation = "改写后的表现形式"
    point.save()
    body = client.get(url).content.decode()
    assert "已过时" in body


def test_points_on_notice_or_in_effect_are_not_edited_in_place(point_with_measures, users, login):
    point = point_with_measures
    point.status = S.ACTIVE
    point.save()
    client = login(users["depthead"])
    response = client.post(reverse("registry:riskpoint_edit", args=[point.pk]), {"name": "x"})
    assert response.status_code == 403
    assert "修订" in response.content.decode()


def test_a_revision_replaces_the_approved_version_only_when_it_takes_effect(
    point_with_measures, users
):
    original = point_with_measures
    original.status = S.ACTIVE
    original.save()
    revision = open_revision(point=original, by=users["staff"])
    assert open_revision(point=original, by=users["staff"]) == revision  # one open revision
    assert revision.status == S.DRAFT and revision.code == original.code
    revision.name = "采购需求量身定制(修订)"
    revision.save()
    revision.measures.first().delete()

    for name, user in [
        ("submit", "staff"),
        ("sign", "depthead"),
        ("review", "incharge"),
        ("approve", "leader"),
    ]:
        act(name, revision, users[user])
    original.refresh_from_db()
    assert original.status == S.ACTIVE and original.name == "采购需求量身定制"

    risk_list = risk_list_for(original)
    take_effect_due(now=risk_list.notice_until + datetime.timedelta(seconds=1))
    original.refresh_from_db()
    assert original.name == "采购需求量身定制(修订)"
    assert original.status == S.ACTIVE
    assert original.measures.count() == 1
    assert not RiskPoint.objects.filter(pk=revision.pk).exists()
    assert original.sign_offs.filter(action="approve").exists()
    assert original.history.first().name == "采购需求量身定制(修订)"


def test_department_head_submits_the_whole_department_at_once(make_point, users, login, org):
    points = [make_point(name=f"风险{i}", code=f"B-{i}") for i in range(3)]
    other = make_point(name="预算风险", post=org.budget_clerk)
    risk_list = risk_list_for(points[0])
    client = login(users["depthead"])
    page = client.get(reverse("registry:risklist_detail", args=[risk_list.pk]))
    assert "预算风险" not in page.content.decode()  # not in the department head's scope
    response = client.post(
        reverse("registry:risklist_detail", args=[risk_list.pk]),
        {"action": "submit", "list_version": risk_list.version, "points": [p.pk for p in points]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(
        RiskPoint.objects.filter(pk__in=[p.pk for p in points]).values_list("status", flat=True)
    ) == {S.SUBMITTED}
    sign_offs = SignOff.objects.filter(risk_point__in=points)
    assert sign_offs.count() == 3 and len(set(sign_offs.values_list("batch", flat=True))) == 1
    other.refresh_from_db()
    assert other.status == S.DRAFT


def test_a_batch_with_one_forbidden_point_changes_nothing(make_point, users, org):
    mine = make_point(name="我的", code="M-1")
    budget = make_point(name="预算", post=org.budget_clerk, code="M-2")
    risk_list = risk_list_for(mine)
    with pytest.raises(ValidationError):
        transition_points(
            name="submit",
            point_ids=[mine.pk, budget.pk],
            risk_list=risk_list,
            by=users["depthead"],
            expected_version=None,
        )
    assert RiskPoint.objects.get(pk=mine.pk).status == S.DRAFT


def test_my_tasks_lists_what_waits_oldest_first_and_counts_in_the_nav(make_point, users, login):
    first = make_point(name="较早提交", code="T-1")
    second = make_point(name="较晚提交", code="T-2")
    act("submit", first, users["staff"])
    act("submit", second, users["staff"])
    RiskPoint.objects.filter(pk=first.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=3)
    )
    client = login(users["depthead"])
    response = client.get(reverse("registry:my_tasks"))
    group, count, points = next(g for g in response.context["groups"] if g[0].key == "sign")
    assert count == 2
    assert [p.name for p, _buttons, _version in points] == ["较早提交", "较晚提交"]
    assert '<span class="count" aria-label' in response.content.decode()
    assert login(users["auditor"]).get(reverse("registry:my_tasks")).context["groups"] == []


def test_the_next_reviewer_is_notified_after_commit(
    point_with_measures, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act("submit", point_with_measures, users["staff"])
    notice = Notification.objects.get(recipient=users["depthead"])
    assert "采购需求量身定制" in notice.body
    assert notice.url == reverse("registry:my_tasks")
    assert [m.to for m in mail.outbox] == [["depthead@example.org"]]


def test_a_rolled_back_action_notifies_nobody(
    make_point, users, org, django_capture_on_commit_callbacks
):
    mine = make_point(name="我的", code="R-1")
    budget = make_point(name="预算", post=org.budget_clerk, code="R-2")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            transition_points(
                name="submit",
                point_ids=[mine.pk, budget.pk],
                risk_list=risk_list_for(mine),
                by=users["depthead"],
                expected_version=None,
            )
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notifications_can_be_read(
    point_with_measures, users, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act("submit", point_with_measures, users["staff"])
    client = login(users["depthead"])
    assert client.get(reverse("registry:notification_list")).context["unread_count"] == 1
    client.post(reverse("registry:notification_mark_read"), {})
    assert Notification.objects.unread().count() == 0
