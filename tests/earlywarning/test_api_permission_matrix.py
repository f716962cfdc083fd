"""Early warning's browser permission table, asked again through /api/v1/. Taking in
warning information is the intake page's row, posted as JSON."""

from tests.earlywarning.test_permission_matrix_views import VIEWS, matrix_objects  # noqa: F401
from tests.permission_matrix import ApiRoute, generate_api


def intake(objects) -> dict:
    return {
        "unit": objects["unit"].pk,
        "source_type": "hotline",
        "received_on": "2026-04-01",
        "summary": "热线反映",
        "facts": "接口录入的预警信息",
    }


ROUTES = {
    "earlywarning:warning_list": ApiRoute("warning-list"),
    "earlywarning:warning_create": ApiRoute("warning-list", method="post", data=intake),
    "earlywarning:warning_detail": ApiRoute("warning-detail"),
    "earlywarning:case_list": ApiRoute("disposalcase-list"),
    "earlywarning:case_detail": ApiRoute("disposalcase-detail"),
    "earlywarning:notice_detail": ApiRoute("notice-detail"),
}

(
    test_api_with_permission,
    test_api_without_permission,
    test_api_out_of_scope_is_not_found,
    test_api_document_shows_this_table,
) = generate_api("earlywarning", VIEWS, ROUTES)
