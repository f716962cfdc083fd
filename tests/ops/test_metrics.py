"""Prometheus scrapes /metrics: requests, queries, Celery queues and task
outcomes move as the product is used."""

import re

import pytest

from registry.tasks import heartbeat

pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> str:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    return response.content.decode()


def value(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(key) == want for key, want in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_request_and_task_counters_move(client):
    before = scrape(client)
    for _ in range(3):
        client.get("/accounts/login/")
    client.get("/readyz")  # asks the database
    heartbeat.apply()
    after = scrape(client)
    gets = "django_http_requests_total_by_method_total"
    assert value(after, gets, method="GET") >= value(before, gets, method="GET") + 3
    tasks = "register_celery_tasks_total"
    task = {"task": "registry.tasks.heartbeat", "outcome": "success"}
    assert value(after, tasks, **task) == value(before, tasks, **task) + 1
    queries = "django_db_execute_total"
    assert value(after, queries, alias="default") > value(before, queries, alias="default")
    assert value(after, "register_broker_up") == 1
    assert "register_celery_queue_length" in after
    assert "register_outbox_unsent" in after and "register_emails_waiting" in after


def test_a_failing_task_is_counted(client):
    from config.ops.metrics import count_task

    before = value(
        scrape(client),
        "register_celery_tasks_total",
        task="registry.tasks.heartbeat",
        outcome="failure",
    )
    count_task("registry.tasks.heartbeat", "failure")
    after = value(
        scrape(client),
        "register_celery_tasks_total",
        task="registry.tasks.heartbeat",
        outcome="failure",
    )
    assert after == before + 1


def test_metrics_token_is_required_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert "register_broker_up" in scrape(client, HTTP_AUTHORIZATION="Bearer s3cret")
