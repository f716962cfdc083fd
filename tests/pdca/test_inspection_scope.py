"""Post holders and department heads see only their own items of an inspection (issue 12, finding 9)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pdca.models import EvidenceFile, RectificationItem
from pdca.services.inspections import finding_record

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 evidence"
LEADERSHIP = "大额资金集体决策"  # a unit point of the leadership team, in the fixture
NOTE = "局长签批单缺失"


@pytest.fixture
def recorded(inspection, users, login, settings, tmp_path):
    """The inspector notes every item and attaches evidence to the leadership point."""
    settings.MEDIA_ROOT = tmp_path
    client = login(users["inspector"])
    url = reverse("pdca:inspection_detail", args=[inspection.pk])
    data = {f"result_{i.pk}": "carried_out" for i in inspection.items.all()}
    data.update({f"notes_{i.pk}": f"{NOTE}{i.pk}" for i in inspection.items.all()})
    assert client.post(url, data).status_code == 302
    leadership = inspection.items.get(point_name=LEADERSHIP, measure_text__endswith="0")
    upload = SimpleUploadedFile("签批单.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("pdca:evidence_upload", args=[inspection.pk]),
        {"item": leadership.pk, "files": [upload]},
    )
    return EvidenceFile.objects.get()


@pytest.mark.parametrize("role", ["staff", "depthead"])
def test_post_holders_and_department_heads_see_only_their_own_items(
    inspection, recorded, users, login, role
):
    client = login(users[role])
    page = client.get(reverse("pdca:inspection_detail", args=[inspection.pk]))
    assert page.status_code == 200
    shown = {item.point_name for item in page.context["items"]}
    assert shown and LEADERSHIP not in shown
    assert "采购需求审核" in shown
    html = page.content.decode()
    assert NOTE not in html and "签批单.pdf" not in html
    assert client.get(reverse("pdca:evidence_download", args=[recorded.pk])).status_code == 404


@pytest.mark.parametrize("role", ["inspector", "leader", "auditor"])
def test_inspectors_and_the_units_leaders_see_the_whole_inspection(
    inspection, recorded, users, login, role
):
    client = login(users[role])
    page = client.get(reverse("pdca:inspection_detail", args=[inspection.pk]))
    assert LEADERSHIP in {item.point_name for item in page.context["items"]}
    assert NOTE in page.content.decode()
    assert client.get(reverse("pdca:evidence_download", args=[recorded.pk])).status_code == 200


def test_rectification_items_follow_the_same_scope(inspection, users, login):
    """A finding on the leadership point stays with those who read the whole unit."""
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    for name in [LEADERSHIP, "采购需求审核"]:
        finding_record(
            inspection=inspection,
            by=users["inspector"],
            severity="serious",
            description=f"{name}未落实",
            owner=users["leader"],
            deadline=deadline,
            checklist_item=inspection.items.filter(point_name=name).first(),
        )
    seen = {i.title for i in RectificationItem.objects.visible_to(users["staff"])}
    assert seen == {"采购需求审核未落实"}
    assert len(RectificationItem.objects.visible_to(users["leader"])) == 2
