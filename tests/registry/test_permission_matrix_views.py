"""The register's other views three ways: with permission, without, out of scope (404).

The actions on a risk point are covered role by role in test_permission_matrix.py.
"""

import pytest

from registry.choices import Role
from registry.models import ImportBatch, NoticeFeedback, RoleAssignment, RoleProposal
from registry.workflow import risk_list_for
from tests.permission_matrix import View, generate

INTRO = (
    "Comments on a public notice are handled by the unit's discipline staff only: the unit's"
    " own leaders get a 404. Imports are the importer's own. Change history is read by"
    " inspectors, auditors and administrators."
)


@pytest.fixture
def matrix_objects(users, make_point):
    point = make_point(name="本单位风险点", code="OWN")
    risk_list = risk_list_for(point)
    return {
        "point": point,
        "risk_list": risk_list,
        "feedback": NoticeFeedback.objects.create(
            risk_list=risk_list, name="张三", contact="13800000000", message="建议公开"
        ),
        "batch": ImportBatch.objects.create(
            sheet_type="risk_points",
            file_name="台账.xlsx",
            sha256="0" * 64,
            created_by=users["admin"],
        ),
        "assignment": RoleAssignment.objects.get(user=users["depthead"]),
        "proposal": RoleProposal.objects.create(
            user=users["nobody"],
            role=Role.UNIT_LEADER,
            unit=point.unit,
            source="ldap",
            groups="cn=leaders,ou=groups,dc=example,dc=org",
        ),
    }


VIEWS = [
    View("registry:home", "staff"),
    View("registry:riskpoint_list", "staff"),
    View("registry:riskpoint_create", "staff", denied="leader"),
    View("registry:ledger_export", "auditor"),
    View("registry:ledger_import", "admin", denied="leader"),
    View("registry:ledger_history", "admin", denied="auditor"),
    View("registry:ledger_template", "admin"),
    View("registry:ledger_batch", "admin", obj="batch"),
    View("registry:ledger_batch_progress", "admin", obj="batch"),
    View("registry:ledger_batch_commit", "admin", obj="batch", method="post"),
    View("registry:risklist_index", "leader"),
    View("registry:risklist_detail", "leader", obj="risk_list"),
    View("registry:my_tasks", "staff"),
    View("registry:notification_list", "staff"),
    View("registry:notification_mark_read", "staff", method="post"),
    View(
        "registry:feedback_handle", "inspector", denied="leader", obj="feedback", denied_status=404
    ),
    View(
        "registry:feedback_handle",
        "inspector",
        denied="group",
        obj="feedback",
        method="post",
        data={"response": "已转办"},
        denied_status=404,
    ),
    View("registry:role_list", "admin", denied="leader"),
    View(
        "registry:role_revoke",
        "admin",
        denied="leader",
        obj="assignment",
        method="post",
        denied_status=404,
    ),
    View("registry:role_proposals", "admin", denied="leader"),
    View(
        "registry:role_proposal_confirm",
        "admin",
        denied="leader",
        obj="proposal",
        method="post",
        denied_status=404,
    ),
    View(
        "registry:role_proposal_decline",
        "admin",
        denied="leader",
        obj="proposal",
        method="post",
        denied_status=404,
    ),
    View("registry:change_log", "auditor", denied="staff"),
    View("registry:change_log_users", "auditor", denied="staff"),
    View(
        "registry:object_history",
        "auditor",
        denied="staff",
        obj="point",
        args=lambda o: ["riskpoint", o["point"].pk],
    ),
]

(
    test_with_permission,
    test_without_permission,
    test_out_of_scope_is_not_found,
    test_the_document_shows_this_table,
) = generate("registry", VIEWS, INTRO)
