"""The file that closed a case: checked on upload, downloaded through the case's scope."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from earlywarning.models import DisposalCase

PDF = b"%PDF-1.4 re-tendering documents"


def close_with(client, case, upload):
    data = {"resolution": "已重新招标", "evidence": "招标文件", "evidence_file": upload}
    return client.post(reverse("earlywarning:case_close", args=[case.pk]), data)


def test_the_evidence_link_works_with_debug_off(open_case, users, login, settings, tmp_path):
    settings.MEDIA_ROOT, settings.DEBUG = tmp_path, False
    case = open_case()
    client = login(users["inspector"])
    assert close_with(client, case, SimpleUploadedFile("招标文件.pdf", PDF)).status_code == 302
    case.refresh_from_db()
    assert "招标" not in case.evidence_file.name and case.evidence_file_name == "招标文件.pdf"

    page = client.get(reverse("earlywarning:case_detail", args=[case.pk])).content.decode()
    link = reverse("earlywarning:case_evidence", args=[case.pk])
    assert f'href="{link}"' in page and "/media/" not in page
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")


def test_the_evidence_is_as_private_as_the_case(open_case, users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    close_with(login(users["inspector"]), case, SimpleUploadedFile("e.pdf", PDF))
    link = reverse("earlywarning:case_evidence", args=[case.pk])
    assert login(users["taxhead"]).get(link).status_code == 404
    client = login(users["inspector"])
    client.logout()
    assert client.get(link).status_code == 302


def test_an_html_page_is_not_taken_as_evidence(open_case, users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    page = SimpleUploadedFile("evidence.html", b"<html><script>alert(1)</script></html>")
    response = close_with(login(users["inspector"]), case, page)
    assert response.status_code == 400 and "evidence.html" in response.content.decode()
    assert DisposalCase.objects.get(pk=case.pk).is_open
