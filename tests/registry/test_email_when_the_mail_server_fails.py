"""A mail server that fails, then recovers: every email arrives once; meanwhile the
failure is on each recipient's notification, where an administrator sees it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from registry.models import EmailState, Notification
from registry.notifications import emails_resend_due, notifications_deliver
from registry.workflow import risk_list_for, transition_points
from tests.registry.outage_support import FlakySmtp


@pytest.fixture
def smtp(settings):
    server = FlakySmtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 2
    yield server
    server.close()


def submit_unit_point(make_point, users, capture):
    point = make_point(post=None, scope="unit", name="三重一大决策不规范", code="E-1")
    with capture(execute=True):
        transition_points(
            name="submit",
            point_ids=[point.pk],
            risk_list=risk_list_for(point),
            by=users["admin"],
            expected_version=None,
        )


def test_failed_emails_are_shown_then_delivered_once_when_the_server_recovers(
    smtp, make_point, users, client, django_capture_on_commit_callbacks
):
    submit_unit_point(make_point, users, django_capture_on_commit_callbacks)
    notices = Notification.objects.order_by("recipient__username")
    assert [n.recipient.username for n in notices] == ["group", "leader"]
    assert {n.email_state for n in notices} == {EmailState.FAILED}
    assert all("421" in n.email_error and n.email_attempts == 1 for n in notices)
    assert smtp.received == []

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    page = client.get(reverse("admin:registry_notification_changelist"), {"email_state": "failed"})
    assert page.status_code == 200 and "Service not available" in page.content.decode()

    # Still failing and the pause not over: nothing is tried, nothing lost.
    assert emails_resend_due() == 0
    smtp.failing = False
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert emails_resend_due(now=later) == 2
    assert emails_resend_due(now=later) == 0
    notice = notices.first()
    notifications_deliver(  # the delivering task run a second time by the broker
        key=str(notice.key),
        recipient_ids=[users["group"].pk, users["leader"].pk],
        title=notice.title,
        body=notice.body,
        url=notice.url,
    )
    assert sorted(to for recipients, _ in smtp.received for to in recipients) == [
        "group@example.org",
        "leader@example.org",
    ]
    assert {n.email_state for n in Notification.objects.all()} == {EmailState.SENT}
    assert all(n.email_sent_at for n in Notification.objects.all())


def test_a_retry_waits_longer_each_time_gives_up_and_an_administrator_retries(
    smtp, make_point, users, client, django_capture_on_commit_callbacks
):
    submit_unit_point(make_point, users, django_capture_on_commit_callbacks)
    notice = Notification.objects.get(recipient=users["leader"])
    pauses = []
    while notice.email_state == EmailState.FAILED:
        before = timezone.now()
        emails_resend_due(now=notice.email_next_attempt_at)
        notice.refresh_from_db()
        if notice.email_next_attempt_at:
            pauses.append(notice.email_next_attempt_at - before)
    assert notice.email_state == EmailState.GAVE_UP
    assert pauses == sorted(pauses) and pauses[0] < pauses[-1]
    assert smtp.received == []

    smtp.failing = False
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    client.post(
        reverse("admin:registry_notification_changelist"),
        {"action": "retry_email", "_selected_action": [notice.pk]},
    )
    assert emails_resend_due() == 1
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT
    assert [to for recipients, _ in smtp.received for to in recipients] == ["leader@example.org"]
