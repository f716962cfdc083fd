"""Schemathesis against the API's OpenAPI schema (the one /api/schema/ serves): for
every operation, generated requests never get a 5xx, and every response matches the
schema. Kept small (a few examples per operation) so it runs in ``make test``; raise
API_FUZZ_EXAMPLES for a deeper run."""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from registry.api.tokens import token_create

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))


def _load():
    # The schema /api/schema/ serves, generated in-process: loading it through a request
    # at collection time would need the database before the test database exists.
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app closes the database connection at the end of each request, as it
    should in production; inside a test transaction that would lose the test's data
    (PostgreSQL), so these requests keep it, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(users, point_with_measures):
    """An inspector's token (district-wide, so generated ids can reach real rows)."""
    _token, secret = token_create(user=users["inspector"], name="fuzz", days=1)
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, bearer):
    case.call_and_validate(headers=bearer, checks=[not_a_server_error, response_schema_conformance])


def test_the_schema_and_its_pages_are_served(client, users):
    assert client.get("/api/schema/").status_code == 200
    client.force_login(users["staff"])
    for page in ["/api/schema/swagger/", "/api/schema/redoc/"]:
        response = client.get(page)
        assert response.status_code == 200
        assert "cdn" not in response.content.decode().lower()
