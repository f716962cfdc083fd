"""Schemathesis against /api/schema/: for every operation, generated requests never
get a 5xx, and every response matches the schema. Kept small (a few examples per
operation) so it runs in ``make test``; raise API_FUZZ_EXAMPLES for a deeper run."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from registry.api.tokens import token_create

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def bearer(users, point_with_measures):
    """An inspector's token (district-wide, so generated ids can reach real rows)."""
    _token, secret = token_create(user=users["inspector"], name="fuzz", days=1)
    return {"Authorization": f"Bearer {secret}"}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, bearer):
    case.call_and_validate(headers=bearer, checks=[not_a_server_error, response_schema_conformance])
