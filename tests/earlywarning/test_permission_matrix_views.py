"""Every early-warning view three ways: with permission, without, out of scope (404)."""

import datetime

import pytest

from earlywarning.choices import NoticeKind
from earlywarning.models import Notice
from earlywarning.services.notices import notice_issue
from earlywarning.services.officers import officer_appoint
from tests.permission_matrix import View, generate

INTRO = (
    "Readers of a unit's register as a whole (inspector, main leader, leading group, admin,"
    " auditor) read its warnings; only its discipline staff (the inspector role on it or above)"
    " handle them. Department and post grants do not reach warnings: those views are a 404."
)


@pytest.fixture
def matrix_objects(org, users, people, make_warning, open_case):
    warning = make_warning(verified=True)
    case = open_case()
    notice = notice_issue(
        notice=Notice(
            kind=NoticeKind.WARNING,
            unit=org.finance,
            warning=warning,
            issued_to="区财政局党组",
            facts="采购中央空调未公开招标。",
            required_action="重新组织招标。",
            deadline=datetime.date(2026, 5, 1),
        ),
        by=users["inspector"],
    )
    officer = officer_appoint(
        unit=org.finance,
        person=people["buyer"],
        appointed_on=datetime.date(2026, 1, 1),
        by=users["inspector"],
    )
    return {
        "warning": warning,
        "case": case,
        "notice": notice,
        "officer": officer,
        "unit": org.finance,
        "person": people["director"],
    }


VIEWS = [
    View("earlywarning:index", "inspector"),
    View("earlywarning:rules", "inspector"),
    View("earlywarning:warning_list", "inspector"),
    View("earlywarning:warning_export", "inspector"),
    View("earlywarning:warning_create", "inspector", denied="leader"),
    View(
        "earlywarning:warning_detail", "inspector", denied="staff", obj="warning", denied_status=404
    ),
    View(
        "earlywarning:warning_detail", "leader", denied="depthead", obj="warning", denied_status=404
    ),
    View("earlywarning:warning_verify", "inspector", denied="leader", obj="warning", method="post"),
    View("earlywarning:case_open", "inspector", denied="group", obj="warning", method="post"),
    View(
        "earlywarning:notice_create",
        "inspector",
        denied="leader",
        obj="warning",
        args=lambda o: [o["warning"].pk, NoticeKind.WARNING],
    ),
    View("earlywarning:case_list", "inspector"),
    View("earlywarning:case_detail", "inspector", denied="staff", obj="case", denied_status=404),
    View("earlywarning:case_record", "inspector", denied="leader", obj="case", method="post"),
    View(
        "earlywarning:case_move",
        "inspector",
        denied="leader",
        obj="case",
        method="post",
        data={"direction": "up", "reason": "未按期整改"},
    ),
    View(
        "earlywarning:case_close",
        "inspector",
        denied="admin",
        obj="case",
        method="post",
        data={"resolution": "已重新招标", "evidence": "招标文件"},
    ),
    View(
        "earlywarning:notice_detail", "inspector", denied="staff", obj="notice", denied_status=404
    ),
    View(
        "earlywarning:notice_download", "inspector", denied="staff", obj="notice", denied_status=404
    ),
    View("earlywarning:unit_history", "auditor", denied="staff", obj="unit", denied_status=404),
    View(
        "earlywarning:person_history", "inspector", denied="staff", obj="person", denied_status=404
    ),
    View("earlywarning:officer_list", "inspector"),
    View("earlywarning:officer_end", "inspector", denied="leader", obj="officer", method="post"),
    View("earlywarning:report_create", "inspector", denied="leader", obj="officer"),
    View("earlywarning:analysis", "inspector"),
]

(
    test_with_permission,
    test_without_permission,
    test_out_of_scope_is_not_found,
    test_the_document_shows_this_table,
) = generate("earlywarning", VIEWS, INTRO)
