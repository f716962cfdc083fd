"""Every grading and appraisal view three ways: with permission, without, out of scope (404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import appraisal as appraisal_service
from assessment.grading import point_grade
from assessment.models import VetoRule
from assessment.veto import veto_record
from registry.models import Person
from tests.permission_matrix import View, generate

INTRO = (
    "Factors are recorded by those who fill the point; a level is overridden, with a reason,"
    " by the leader in charge, the main leader or the leading group. The grading model is the"
    " district's (administrators of a root unit). Appraisals, their vetoes (一票否决) and"
    " integrity files are kept by the unit's discipline staff, who alone read a veto's"
    " evidence. The grading model's pages take no unit, so they have no"
    " out-of-scope row; the anonymous survey link is public by design."
)


@pytest.fixture
def matrix_objects(org, users, make_point, answers, model):
    point = make_point()
    point_grade(point=point, option_ids=answers(2), by=users["staff"])
    appraisal = appraisal_service.appraisal_open(unit=org.finance, year=2026, by=users["inspector"])
    veto = veto_record(
        appraisal=appraisal,
        rule=VetoRule.objects.first(),
        facts="立案审查",
        evidence=SimpleUploadedFile("立案决定书.pdf", b"%PDF-1.4 test", "application/pdf"),
        by=users["inspector"],
    )
    return {
        "point": point,
        "model": model,
        "appraisal": appraisal,
        "veto": veto,
        "person": Person.objects.get(user=users["staff"]),
        "unit": org.finance,
    }


def the_model(objects):
    return [objects["model"].pk]


VIEWS = [
    View("assessment:index", "leader"),
    View("assessment:point_grading", "staff", obj="point"),
    View(
        "assessment:point_grading",
        "staff",
        denied="leader",
        obj="point",
        method="post",
        data=lambda o: {},
    ),
    View(
        "assessment:point_override",
        "incharge",
        denied="staff",
        obj="point",
        method="post",
        data={"level": "1", "reason": "金额大"},
    ),
    View("assessment:override_list", "leader"),
    View("assessment:model_list", "admin"),
    View("assessment:model_detail", "admin", args=the_model),
    View("assessment:model_copy", "admin", denied="leader", method="post", args=the_model),
    View("assessment:model_make_current", "admin", denied="leader", method="post", args=the_model),
    View("assessment:model_regrade", "admin", denied="inspector", method="post", args=the_model),
    View("assessment:my_monitoring", "leader"),
    View("assessment:monitoring_problems", "admin"),
    View("assessment:units_map", "leader"),
    View("assessment:unit_map", "leader", obj="unit"),
    View("assessment:unit_integrity", "inspector", obj="unit"),
    View("assessment:appraisal_list", "inspector"),
    View("assessment:appraisal_detail", "inspector", obj="appraisal"),
    View("assessment:self_report", "leader", denied="staff", obj="appraisal", method="post"),
    View(
        "assessment:issue_links",
        "inspector",
        denied="leader",
        obj="appraisal",
        method="post",
        data={"kind": "staff", "count": 2},
    ),
    View("assessment:checklist", "inspector", denied="leader", obj="appraisal", method="post"),
    View("assessment:publish", "inspector", denied="leader", obj="appraisal", method="post"),
    View("assessment:appraisal_export", "leader"),
    View(
        "assessment:veto_record",
        "inspector",
        denied="leader",
        obj="appraisal",
        method="post",
        data=lambda o: {"rule": VetoRule.objects.first().pk, "facts": "拒不整改"},
    ),
    View(
        "assessment:veto_withdraw",
        "inspector",
        denied="leader",
        obj="veto",
        method="post",
        data={"reason": "经复核不属实"},
    ),
    View("assessment:veto_evidence", "inspector", denied="leader", obj="veto"),
    View("assessment:notice_list", "leader"),
    View("assessment:person_list", "inspector"),
    View("assessment:person_file", "inspector", denied="depthead", obj="person", denied_status=404),
    View("assessment:adjustment_add", "inspector", denied="auditor", obj="person", method="post"),
]

(
    test_with_permission,
    test_without_permission,
    test_out_of_scope_is_not_found,
    test_the_document_shows_this_table,
) = generate("assessment", VIEWS, INTRO)
