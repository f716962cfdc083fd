"""The public notice of an approved list (公示): reading it, commenting, handling comments."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from registry import notice
from registry.choices import RiskPointStatus as S
from registry.models import Measure, NoticeFeedback, Notification, RiskList
from registry.tasklist import TaskList
from registry.workflow import risk_list_for, take_effect_due, transition_points


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def add_unit_point(make_point, name: str, *measures: tuple[str, str], **fields):
    point = make_point(post=None, scope="unit", name=name, **fields)
    for order, (line, text) in enumerate(measures, start=1):
        Measure.objects.create(risk_point=point, defence_line=line, text=text, sort_order=order)
    return point


def put_on_notice(points, users) -> RiskList:
    """Through the real workflow: the admin submits, the leading group records its decision."""
    risk_list = risk_list_for(points[0])
    ids = [p.pk for p in points]
    transition_points(
        name="submit", point_ids=ids, risk_list=risk_list, by=users["admin"], expected_version=None
    )
    outcome = transition_points(
        name="decide",
        point_ids=ids,
        risk_list=risk_list,
        by=users["group"],
        expected_version=None,
        comment="签字意见不对外",
        meeting_date=timezone.localdate(),
        attendees=[users["group"]],
        minutes_ref="党组会〔2026〕3号",
    )
    return outcome.risk_list


@pytest.fixture
def on_notice(make_point, users) -> RiskList:
    point = add_unit_point(
        make_point,
        "重大项目安排未集体决策",
        ("prevention", "三重一大事项集体研究"),
        ("monitoring", "纪检列席党组会"),
        manifestation="个人决定重大项目",
        remarks="内部备注不公开",
    )
    return put_on_notice([point], users)


def notice_url(risk_list) -> str:
    return reverse("registry:notice", args=[risk_list.pk])


def comment(client, risk_list, address="10.0.0.1", **data):
    payload = {"name": "", "contact": "", "risk_point": "", "message": "采购环节公开不够"}
    payload.update(data)
    return client.post(notice_url(risk_list), payload, REMOTE_ADDR=address)


def translated(message) -> str:
    """What the page shows for ``message`` in the default language, translated or not yet."""
    with translation.override("zh-hans"):
        return gettext(str(message))


# Reading the notice -----------------------------------------------------------------


def test_anyone_reads_the_list_on_notice_without_remarks_or_sign_off_comments(client, on_notice):
    response = client.get(notice_url(on_notice))
    page = response.content.decode()
    assert response.status_code == 200
    assert "重大项目安排未集体决策" in page
    assert "个人决定重大项目" in page
    assert "三重一大事项集体研究" in page and "纪检列席党组会" in page
    assert "党组会〔2026〕3号" in page and f"{timezone.localdate():%Y-%m-%d}" in page
    assert (
        on_notice.notice_until.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d")
        in page
    )
    assert "内部备注不公开" not in page
    assert "签字意见不对外" not in page
    assert 'name="message"' in page


def test_points_not_yet_approved_are_not_shown(client, make_point, users, on_notice):
    make_point(name="尚在草稿的风险点")
    page = client.get(notice_url(on_notice)).content.decode()
    assert "尚在草稿的风险点" not in page


def test_a_list_with_nothing_on_notice_or_in_effect_is_not_found(client, point_with_measures):
    risk_list = risk_list_for(point_with_measures)
    assert client.get(notice_url(risk_list)).status_code == 404
    assert client.get(reverse("registry:notice", args=[risk_list.pk + 100])).status_code == 404


def test_the_page_takes_the_same_queries_whatever_the_number_of_points(
    client, make_point, users, org
):
    def queries_for(year: int, count: int) -> int:
        points = [
            add_unit_point(
                make_point,
                f"风险{year}-{i}",
                ("prevention", "措施甲"),
                ("disposal", "措施乙"),
                year=year,
            )
            for i in range(count)
        ]
        risk_list = put_on_notice(points, users)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(notice_url(risk_list)).status_code == 200
        return len(queries)

    few, many = queries_for(2026, 1), queries_for(2027, 6)
    assert few == many
    assert many <= 5


# Commenting -------------------------------------------------------------------------


def test_a_comment_is_saved_and_the_discipline_staff_are_told(
    client, on_notice, users, mailoutbox, django_capture_on_commit_callbacks
):
    users["inspector"].email = "jijian@example.org"
    users["inspector"].save()
    point = notice.public_points(on_notice).get()
    with django_capture_on_commit_callbacks(execute=True):
        response = comment(
            client, on_notice, name="张三", contact="13800000000", risk_point=point.pk
        )
    assert response.status_code == 302
    assert response["Location"] == notice_url(on_notice)
    feedback = NoticeFeedback.objects.get()
    assert (feedback.risk_point, feedback.name, feedback.contact) == (point, "张三", "13800000000")
    assert feedback.history.get().history_user is None
    notification = Notification.objects.get(recipient=users["inspector"])
    assert notification.url == reverse("registry:feedback_handle", args=[feedback.pk])
    # The unit's own leaders may send the list back, but the comment is not theirs to read.
    assert not Notification.objects.filter(recipient__in=[users["leader"], users["group"]])
    assert not Notification.objects.filter(recipient=users["taxhead"]).exists()
    mail = next(m for m in mailoutbox if m.to == ["jijian@example.org"])
    assert "采购环节公开不够" in mail.body
    assert "13800000000" not in mail.body and "张三" not in mail.body
    assert not any("taxhead@example.org" in m.to for m in mailoutbox)
    thanks = client.get(response["Location"])
    assert translated("Thank you: your comment has been passed on.") in thanks.content.decode()


def test_an_anonymous_comment_stays_anonymous_even_from_a_logged_in_user(
    client, on_notice, users, login
):
    login(users["staff"])
    assert comment(client, on_notice).status_code == 302
    feedback = NoticeFeedback.objects.get()
    assert feedback.name == "" and feedback.contact == "" and feedback.risk_point is None
    assert feedback.history.get().history_user is None


def test_a_comment_can_only_name_a_point_shown_on_the_notice(client, on_notice, make_point):
    draft = make_point(name="草稿风险点")
    response = comment(client, on_notice, risk_point=draft.pk)
    assert response.status_code == 200
    assert "risk_point" in response.context["form"].errors
    assert not NoticeFeedback.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(on_notice):
    client = Client(enforce_csrf_checks=True)
    assert comment(client, on_notice).status_code == 403
    client.get(notice_url(on_notice))
    token = client.cookies["csrftoken"].value
    assert comment(client, on_notice, csrfmiddlewaretoken=token).status_code == 302
    assert NoticeFeedback.objects.count() == 1


def test_too_many_comments_from_one_address_in_an_hour_are_refused(
    client, on_notice, settings, monkeypatch
):
    settings.FEEDBACK_PER_HOUR = 2
    monkeypatch.setattr(notice, "_this_hour", lambda: "2026032010")
    assert comment(client, on_notice).status_code == 302
    assert comment(client, on_notice).status_code == 302
    refused = comment(client, on_notice, message="第三条")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert (
        translated("Too many comments from your address in the last hour. Please try again later.")
        in refused.content.decode()
    )
    assert NoticeFeedback.objects.count() == 2
    assert comment(client, on_notice, address="10.0.0.2").status_code == 302
    monkeypatch.setattr(notice, "_this_hour", lambda: "2026032011")
    assert comment(client, on_notice).status_code == 302
    assert NoticeFeedback.objects.count() == 4


def test_an_overlong_comment_is_refused_naming_the_field(client, on_notice, settings):
    response = comment(client, on_notice, message="字" * (settings.FEEDBACK_MAX_LENGTH + 1))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["message"]
    assert str(settings.FEEDBACK_MAX_LENGTH) in errors["message"][0]
    assert errors["message"][0] in response.content.decode()
    assert not NoticeFeedback.objects.exists()


def test_an_empty_comment_is_refused(client, on_notice):
    response = comment(client, on_notice, message="   ")
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert not NoticeFeedback.objects.exists()


def test_comments_are_refused_once_the_notice_has_ended(client, on_notice):
    RiskList.objects.filter(pk=on_notice.pk).update(
        notice_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(notice_url(on_notice))
    assert page.status_code == 200
    assert 'name="message"' not in page.content.decode()
    refused = comment(client, on_notice)
    assert refused.status_code == 400
    assert translated(notice.NOTICE_ENDED) in refused.content.decode()
    assert not NoticeFeedback.objects.exists()


# Taking effect ----------------------------------------------------------------------


def test_the_list_takes_effect_once_the_notice_ends_and_only_once(client, on_notice):
    later = on_notice.notice_until + datetime.timedelta(minutes=1)
    assert take_effect_due(now=on_notice.notice_until - datetime.timedelta(minutes=1)) == 0
    assert take_effect_due(now=later) == 1
    assert set(on_notice.points.values_list("status", flat=True)) == {S.ACTIVE}
    assert take_effect_due(now=later) == 0
    page = client.get(notice_url(on_notice))
    assert page.status_code == 200
    assert "重大项目安排未集体决策" in page.content.decode()


def test_beat_runs_the_take_effect_task():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "registry.tasks.take_effect_after_notice" in tasks


# Handling comments ------------------------------------------------------------------


@pytest.fixture
def feedback(client, on_notice) -> NoticeFeedback:
    comment(client, on_notice, message="建议公开采购结果")
    client.logout()
    return NoticeFeedback.objects.get()


def handle_url(feedback) -> str:
    return reverse("registry:feedback_handle", args=[feedback.pk])


def test_the_comment_waits_in_the_unit_discipline_staffs_tasks(feedback, users):
    assert list(TaskList(users["inspector"]).feedback) == [feedback]
    for role in ["leader", "group", "admin", "auditor", "taxhead"]:
        assert not TaskList(users[role]).feedback.exists(), role


def test_the_inspector_marks_a_comment_handled(feedback, users, login):
    client = login(users["inspector"])
    page = client.get(handle_url(feedback))
    assert page.status_code == 200
    assert "建议公开采购结果" in page.content.decode()
    response = client.post(handle_url(feedback), {"response": "已转采购科研究并答复"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:my_tasks")
    feedback.refresh_from_db()
    assert feedback.handled_by == users["inspector"]
    assert feedback.handled_at is not None
    assert feedback.response == "已转采购科研究并答复"
    assert feedback.history.first().history_user == users["inspector"]
    assert not TaskList(users["inspector"]).feedback.exists()
    assert "已转采购科研究并答复" in client.get(handle_url(feedback)).content.decode()


def test_handling_needs_a_response(feedback, users, login):
    client = login(users["inspector"])
    response = client.post(handle_url(feedback), {"response": "  "})
    assert response.status_code == 200
    assert "response" in response.context["form"].errors
    feedback.refresh_from_db()
    assert feedback.handled_at is None


@pytest.mark.parametrize(
    "role",
    ["leader", "group", "incharge", "admin", "auditor", "taxhead", "depthead", "staff", "nobody"],
)
def test_only_discipline_staff_reach_a_comment(feedback, users, login, role):
    client = login(users[role])
    assert client.get(handle_url(feedback)).status_code == 404
    assert client.post(handle_url(feedback), {"response": "越权处理"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.handled_at is None


def test_the_writers_name_and_contact_stay_out_of_the_change_history(client, on_notice):
    comment(client, on_notice, name="张三", contact="13800000000", message="建议公开采购结果")
    record = NoticeFeedback.objects.get().history.get()
    assert not hasattr(record, "name") and not hasattr(record, "contact")


def test_handling_needs_a_login(client, feedback):
    response = client.get(handle_url(feedback))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_comment_is_not_found(users, login):
    client = login(users["inspector"])
    assert client.get(reverse("registry:feedback_handle", args=[999])).status_code == 404
