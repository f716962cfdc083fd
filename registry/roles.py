"""What each role may do, as object permissions granted on units or departments.

A ``RoleAssignment`` is the record of a grant (with history); the guardian
permissions below are derived from it by ``registry.services.role_grant`` and
``role_revoke``, and read back by ``registry.scoping``.
"""

from registry.choices import Role

VIEW = "view_register"
FILL = "fill_register"
SIGN = "sign_register"  # the department head's check and signature (科室负责人审核签字)
REVIEW = "review_register"  # the leader in charge's review (分管领导审核)
APPROVE = "approve_register"
RETURN = "return_register"
MANAGE = "manage_unit"
HISTORY = "read_history"
# Discipline-inspection staff (纪检监察人员) of the unit and its subtree. Only the
# inspector role grants it, so a unit's own leaders — who hold RETURN and APPROVE
# there — never count as the staff who watch them (registry.scoping.is_discipline_staff).
INSPECT = "inspect_unit"
# The leading group's collective decision on level-1 points (集体研究确定).
DECIDE = "decide_register"

# Permissions held on the assignment's unit (and so on its whole subtree).
UNIT_PERMISSIONS: dict[str, set[str]] = {
    Role.INSPECTOR: {VIEW, RETURN, HISTORY, INSPECT},
    Role.UNIT_LEADER: {VIEW, APPROVE, RETURN},
    Role.LEADING_GROUP: {VIEW, APPROVE, RETURN, DECIDE},
    Role.ADMIN: {VIEW, FILL, MANAGE, HISTORY},
    Role.AUDITOR: {VIEW, HISTORY},
    Role.LEADER_IN_CHARGE: set(),
    Role.DEPARTMENT_HEAD: set(),
    Role.POST_HOLDER: set(),
}

# Permissions held on the assignment's named departments.
DEPARTMENT_PERMISSIONS: dict[str, set[str]] = {
    Role.LEADER_IN_CHARGE: {VIEW, REVIEW},
    Role.DEPARTMENT_HEAD: {VIEW, FILL, SIGN},
}

# Post holders act on the posts they currently hold (PostTenure), so rotation
# moves their reach without any grant: these are the actions that gives them.
POST_HOLDER_ACTIONS = {VIEW, FILL}
