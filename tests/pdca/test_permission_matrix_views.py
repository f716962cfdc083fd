"""Every PDCA view three ways: with permission, without, out of scope (404)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pdca.models import FindingSource, RectificationItem
from pdca.services.inspections import evidence_attach
from pdca.services.planning import inspection_plan
from tests.permission_matrix import View, generate

INTRO = (
    "A cycle and its draws belong to the district; an inspection and a rectification item to"
    " the drawn unit. Inspections are recorded, and rectification verified, by the unit's"
    " discipline staff or the assigned inspector; department heads and post holders see only"
    " their own checklist items. Special inspections and unannounced checks are planned, and"
    " findings of patrols, audits and compliance reviews recorded, only by discipline staff"
    " of the units concerned."
)


@pytest.fixture
def matrix_objects(org, users, cycle, inspection, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = inspection.items.get(point_name="采购需求审核", measure_text__endswith="0")
    upload = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    evidence = evidence_attach(item=item, uploads=[upload], by=users["inspector"])[0]
    rectification = RectificationItem.objects.create(
        unit=org.finance,
        source="inspection",
        title="大额支出未经集体研究",
        owner=users["leader"],
        inspector=users["inspector"],
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    (planned,) = inspection_plan(
        source=FindingSource.objects.get(code="special"),
        title="采购专项检查",
        units=[org.finance],
        by=users["inspector"],
    )
    return {
        "planned": planned,
        "cycle": cycle,
        "draw": inspection.draw,
        "inspection": inspection,
        "evidence": evidence,
        "rectification": rectification,
    }


VIEWS = [
    View("pdca:index", "leader"),
    View(
        "pdca:cycle_create",
        "admin",
        denied="leader",
        method="post",
        data=lambda o: {"district": o["cycle"].district_id, "year": 2027},
    ),
    View("pdca:cycle_dashboard", "inspector", obj="cycle", elsewhere="district"),
    View("pdca:cycle_export", "auditor", obj="cycle", elsewhere="district"),
    View(
        "pdca:cycle_rollover",
        "admin",
        denied="leader",
        obj="cycle",
        method="post",
        elsewhere="district",
    ),
    View("pdca:carried_points", "admin", obj="cycle", elsewhere="district"),
    View(
        "pdca:unit_deadline",
        "admin",
        denied="leader",
        obj="cycle",
        method="post",
        elsewhere="district",
    ),
    View("pdca:annual_report", "inspector", obj="cycle", elsewhere="district"),
    View("pdca:annual_report_xlsx", "inspector", obj="cycle", elsewhere="district"),
    View("pdca:draw_list", "inspector"),
    View("pdca:draw_detail", "inspector", obj="draw", elsewhere="district"),
    View("pdca:quarterly_report", "inspector", obj="draw", elsewhere="district"),
    View("pdca:quarterly_report_xlsx", "inspector", obj="draw", elsewhere="district"),
    View("pdca:inspection_detail", "inspector", obj="inspection"),
    View("pdca:inspection_detail", "staff", obj="inspection"),
    View("pdca:inspection_detail", "inspector", denied="leader", obj="inspection", method="post"),
    View("pdca:evidence_upload", "inspector", denied="group", obj="inspection", method="post"),
    View("pdca:finding_create", "inspector", denied="leader", obj="inspection", method="post"),
    View("pdca:inspection_complete", "inspector", denied="leader", obj="inspection", method="post"),
    View("pdca:inspection_list", "leader"),
    View("pdca:inspection_plan", "inspector", denied="leader"),
    View(
        "pdca:inspection_plan",
        "inspector",
        denied="admin",
        method="post",
        data=lambda o: {
            "source": FindingSource.objects.get(code="unannounced").pk,
            "title": "明察暗访",
            "units": [o["inspection"].unit_id],
        },
    ),
    View("pdca:inspection_detail", "inspector", obj="planned"),
    View("pdca:inspection_detail", "leader", obj="planned"),
    View("pdca:external_finding_create", "inspector", denied="leader"),
    View("pdca:evidence_download", "inspector", obj="evidence"),
    View("pdca:evidence_download", "leader", obj="evidence"),
    View("pdca:rectification_list", "leader"),
    View("pdca:rectification_sheet", "leader", args=lambda o: ["problems"]),
    View("pdca:rectification_sheet_xlsx", "auditor", args=lambda o: ["results"]),
    View("pdca:rectification_detail", "leader", obj="rectification"),
    View(
        "pdca:rectification_detail",
        "inspector",
        denied="leader",
        obj="rectification",
        method="post",
        data={"step": "verify", "passed": "on", "comment": "已核实"},
    ),
]

(
    test_with_permission,
    test_without_permission,
    test_out_of_scope_is_not_found,
    test_the_document_shows_this_table,
) = generate("pdca", VIEWS, INTRO)
