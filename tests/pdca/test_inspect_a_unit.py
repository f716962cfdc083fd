"""Discipline staff work through a drawn unit's checklist, attach evidence, record findings."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.choices import CheckResult, InspectionStatus
from pdca.models import ChecklistItem, EvidenceFile, Finding, RectificationItem
from registry.models import Notification


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 evidence"


def test_checklist_has_all_level_1_and_2_measures_and_a_sample_of_level_3(inspection):
    items = list(inspection.items.all())
    levels = [i.level for i in items]
    assert levels.count(1) == 2 and levels.count(2) == 2
    assert levels.count(3) == 2  # ⌈20% of 10⌉ level-3 measures


def test_the_level_3_sample_follows_the_draw_seed(inspection, org):
    from pdca.sampling import sample_level3
    from registry.models import Measure

    level3 = list(
        Measure.objects.filter(risk_point__unit=org.finance, risk_point__level=3).values_list(
            "pk", flat=True
        )
    )
    sampled = sample_level3(
        seed=inspection.draw.seed, unit_id=org.finance.pk, measure_ids=level3, percent=20
    )
    assert set(inspection.items.filter(level=3).values_list("measure_id", flat=True)) == sampled


def test_draft_points_are_not_on_the_checklist(inspection):
    assert not ChecklistItem.objects.filter(point_name="采购需求量身定制").exists()


def test_district_inspector_is_assigned_and_notified(inspection, users):
    assert inspection.inspector == users["inspector"]
    notice = Notification.objects.get(recipient=users["inspector"])
    assert "2026Q1" in notice.title


def test_inspector_records_results(inspection, users, login):
    client = login(users["inspector"])
    first, second = inspection.items.all()[:2]
    response = client.post(
        reverse("pdca:inspection_detail", args=[inspection.pk]),
        {
            f"result_{first.pk}": "carried_out",
            f"result_{second.pk}": "partly",
            f"notes_{second.pk}": "记录不全",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    inspection.refresh_from_db()
    assert (first.result, second.result, second.notes) == ("carried_out", "partly", "记录不全")
    assert second.checked_by == users["inspector"]
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_checklist_page_in_scope_forbidden_and_out_of_scope(inspection, users, login, client):
    url = reverse("pdca:inspection_detail", args=[inspection.pk])
    assert login(users["inspector"]).get(url).status_code == 200
    # The bureau's own leader may read the inspection of their unit, not record it.
    client.force_login(users["leader"])
    assert client.get(url).status_code == 200
    item = inspection.items.first()
    response = client.post(url, {f"result_{item.pk}": "carried_out"})
    assert response.status_code == 403
    assert (
        _("Only the assigned inspector or discipline staff above this unit record inspections.")
        in response.content.decode()
    )
    client.force_login(users["taxhead"])
    assert client.get(url).status_code == 404


def test_checklist_page_has_a_fixed_number_of_queries(
    inspection, users, login, django_assert_max_num_queries
):
    client = login(users["inspector"])
    with django_assert_max_num_queries(25):
        assert (
            client.get(reverse("pdca:inspection_detail", args=[inspection.pk])).status_code == 200
        )


def test_evidence_is_stored_with_limits(inspection, users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PDCA_EVIDENCE_MAX_BYTES = 100
    client = login(users["inspector"])
    item = inspection.items.first()
    url = reverse("pdca:evidence_upload", args=[inspection.pk])
    ok = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"item": item.pk, "files": [ok]}).status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == "会议纪要.pdf" and evidence.file.read() == PDF

    exe = SimpleUploadedFile("tool.exe", b"MZ....", content_type="application/pdf")
    fake = SimpleUploadedFile("scan.pdf", b"MZ not a pdf", content_type="application/pdf")
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 200, content_type="application/pdf")
    for bad in (exe, fake, big):
        response = client.post(url, {"item": item.pk, "files": [bad]}, follow=True)
        assert bad.name in response.content.decode()
    assert EvidenceFile.objects.count() == 1

    download = client.get(reverse("pdca:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        "filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf"
        in download["Content-Disposition"]
    )
    assert "会议纪要" not in evidence.file.name
    client.force_login(users["taxhead"])
    assert client.get(reverse("pdca:evidence_download", args=[evidence.pk])).status_code == 404


def test_a_finding_becomes_a_rectification_item(inspection, users, login):
    client = login(users["inspector"])
    response = client.post(
        reverse("pdca:finding_create", args=[inspection.pk]),
        {
            "severity": "serious",
            "description": "大额支出未经集体研究",
            "owner": users["leader"].pk,
            "deadline": days(30),
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    item = RectificationItem.objects.get()
    assert (finding.severity, finding.unit, finding.created_by) == (
        "serious",
        inspection.unit,
        users["inspector"],
    )
    assert (item.finding, item.owner, item.inspector, item.status) == (
        finding,
        users["leader"],
        users["inspector"],
        "open",
    )
    assert item.deadline == days(30) and item.source.code == "inspection"


def test_a_finding_with_a_past_deadline_is_refused(inspection, users, login):
    client = login(users["inspector"])
    response = client.post(
        reverse("pdca:finding_create", args=[inspection.pk]),
        {
            "severity": "minor",
            "description": "x",
            "owner": users["leader"].pk,
            "deadline": days(-1),
        },
        follow=True,
    )
    assert _("The deadline must be after today.") in response.content.decode()
    assert not Finding.objects.exists() and not RectificationItem.objects.exists()


def test_completing_needs_every_item_checked(inspection, users, login):
    client = login(users["inspector"])
    url = reverse("pdca:inspection_complete", args=[inspection.pk])
    client.post(url, {"summary": "检查完毕"})
    inspection.refresh_from_db()
    assert inspection.status != InspectionStatus.COMPLETED
    inspection.items.update(result=CheckResult.CARRIED_OUT)
    client.post(url, {"summary": "检查完毕"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.COMPLETED and inspection.summary == "检查完毕"
