"""Rectification through the API: the owner submits evidence with a file, the
inspector verifies; the owner may not verify (403), an outsider does not see it (404)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdca.models import EvidenceFile
from tests.api.support import token_client
from tests.pdca.test_permission_matrix_views import matrix_objects  # noqa: F401
from tests.permission_matrix import outsider


def test_evidence_then_verification_through_the_api(org, users, matrix_objects):  # noqa: F811
    item = matrix_objects["rectification"]
    url = reverse("api:rectificationitem-step", args=[item.pk])
    scan = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    submitted = token_client(users["leader"]).post(
        url,
        {"step": "submit", "comment": "已集体研究并补办手续", "files": [scan]},
        format="multipart",
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "evidence_submitted"
    assert EvidenceFile.objects.filter(rectification_item=item).count() == 1

    refused = token_client(users["leader"]).post(url, {"step": "verify"}, format="json")
    assert refused.status_code == 403
    hidden = token_client(outsider("leader", org)).post(url, {"step": "verify"}, format="json")
    assert hidden.status_code == 404

    verified = token_client(users["inspector"]).post(
        url, {"step": "verify", "comment": "已核实"}, format="json"
    )
    assert verified.status_code == 200, verified.json()
    assert verified.json()["status"] == "verified"
