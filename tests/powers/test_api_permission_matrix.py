"""The power list's browser permission table, asked again through /api/v1/."""

from tests.permission_matrix import ApiRoute, generate_api
from tests.powers.test_permission_matrix_views import VIEWS, matrix_objects  # noqa: F401

ROUTES = {
    "powers:index": ApiRoute("power-list"),
    "powers:power_detail": ApiRoute("power-detail"),
}

(
    test_api_with_permission,
    test_api_without_permission,
    test_api_out_of_scope_is_not_found,
    test_api_document_shows_this_table,
) = generate_api("powers", VIEWS, ROUTES)
