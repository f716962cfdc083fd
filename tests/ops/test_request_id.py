"""A request id follows a request into its log lines and the tasks it enqueues."""

import json
import logging

import pytest

from config.celery import app as celery_app
from config.ops.logs import JsonFormatter, RequestIdFilter
from registry import requestid

pytestmark = pytest.mark.django_db


def test_the_proxy_request_id_is_kept_and_returned(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')
    assert response["X-Request-ID"] != 'x" injected\nline'
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id():
    record = logging.makeLogRecord(
        {"name": "registry", "levelname": "WARNING", "msg": "风险点 %s 已退回", "args": ("CZ-1",)}
    )
    token = requestid.current.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        requestid.current.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "风险点 CZ-1 已退回"
    assert line["request_id"] == "req-42"
    assert line["level"] == "WARNING"


def test_enqueued_tasks_carry_the_request_id_and_run_under_it(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    seen = {}

    @celery_app.task(name="tests.ops.echo_request_id")
    def echo():
        seen["id"] = requestid.current.get()

    published = {}

    def capture(headers=None, **kwargs):
        published.update(headers or {})

    from celery.signals import before_task_publish

    before_task_publish.connect(capture)
    token = requestid.current.set("req-77")
    try:
        with celery_app.producer_or_acquire() as producer:
            echo.apply_async(producer=producer)
        # Run it as a worker would: the id comes from the message headers.
        echo.apply(headers={"request_id": published["request_id"]})
    finally:
        requestid.current.reset(token)
        before_task_publish.disconnect(capture)
    assert published["request_id"] == "req-77"
    assert seen["id"] == "req-77"


def test_work_enqueued_through_the_outbox_keeps_the_request_id():
    from registry import outbox

    token = requestid.current.set("req-88")
    try:
        message = outbox.enqueue("registry.tasks.heartbeat")
    finally:
        requestid.current.reset(token)
    assert message.request_id == "req-88"
