"""The database drops a worker's persistent connection (a restart): the next request
still succeeds, because the connection is checked before it is reused."""

import psycopg
import pytest
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def persistent_connections():
    """As in production: connections live for a minute across requests."""
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend: runs in CI's PostgreSQL pass")
    saved = connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield connection.settings_dict
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = saved


def served(client, url):
    """A request as a server runs it: the connection housekeeping signals around it."""
    request_started.send(sender=None)
    try:
        return client.get(url)
    finally:
        request_finished.send(sender=None)


def terminate_backend() -> None:
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_the_request_after_a_dropped_connection_succeeds(persistent_connections, users, client):
    assert persistent_connections["CONN_HEALTH_CHECKS"] is True  # config/settings.py
    client.force_login(users["staff"])
    url = reverse("registry:riskpoint_list")
    assert served(client, url).status_code == 200
    terminate_backend()
    assert served(client, url).status_code == 200


def test_without_the_check_the_first_request_fails(persistent_connections, users, client):
    """The failure the setting prevents (so the test above can fail)."""
    persistent_connections["CONN_HEALTH_CHECKS"] = False
    connection.close()  # the setting is read when connecting
    client.force_login(users["staff"])
    url = reverse("registry:riskpoint_list")
    assert served(client, url).status_code == 200
    terminate_backend()
    with pytest.raises(OperationalError):
        served(client, url)
