"""The register's browser permission table, asked again through /api/v1/ (tests/permission_matrix.py)."""

from tests.permission_matrix import ApiRoute, generate_api
from tests.registry.test_permission_matrix_views import VIEWS, matrix_objects  # noqa: F401

ROUTES = {
    "registry:riskpoint_list": ApiRoute("riskpoint-list"),
    "registry:risklist_index": ApiRoute("risklist-list"),
    "registry:risklist_detail": ApiRoute("risklist-detail"),
    "registry:ledger_batch": ApiRoute("ledgerbatch-detail"),
    "registry:ledger_history": ApiRoute("ledgerbatch-list"),
}

(
    test_api_with_permission,
    test_api_without_permission,
    test_api_out_of_scope_is_not_found,
    test_api_document_shows_this_table,
) = generate_api("registry", VIEWS, ROUTES)
