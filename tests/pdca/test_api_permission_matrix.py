"""The PDCA cycle's browser permission table, asked again through /api/v1/."""

from tests.pdca.test_permission_matrix_views import VIEWS, matrix_objects  # noqa: F401
from tests.permission_matrix import ApiRoute, generate_api

ROUTES = {
    "pdca:cycle_dashboard": ApiRoute("cycle-detail"),
    "pdca:draw_list": ApiRoute("draw-list"),
    "pdca:draw_detail": ApiRoute("draw-detail"),
    "pdca:inspection_detail": ApiRoute("inspection-detail"),
    "pdca:rectification_list": ApiRoute("rectificationitem-list"),
    "pdca:rectification_detail": ApiRoute("rectificationitem-detail"),
}

(
    test_api_with_permission,
    test_api_without_permission,
    test_api_out_of_scope_is_not_found,
    test_api_document_shows_this_table,
) = generate_api("pdca", VIEWS, ROUTES)
