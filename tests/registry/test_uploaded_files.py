"""Uploads: only documents of the kind's types get in, under random names, and /media/ is not served."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, resolve

from registry import uploads

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.fixture
def memory_storage(settings):
    """Nothing in these tests may depend on files under MEDIA_ROOT (issue 20 moves to S3)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.mark.parametrize("kind", sorted(uploads.KINDS))
@pytest.mark.parametrize(
    "name, content",
    [("x.svg", SVG), ("x.html", HTML), ("x.png", SVG), ("x.pdf", HTML), ("x.xlsx", HTML)],
)
def test_scripts_are_refused_whatever_their_name(kind, name, content):
    with pytest.raises(ValidationError, match=r"x\."):
        uploads.check(SimpleUploadedFile(name, content), kind=kind)


def test_each_kind_takes_its_own_types():
    pdf = SimpleUploadedFile("承诺书.PDF", b"%PDF-1.7 ...")
    uploads.check(pdf, kind="commitment")
    uploads.check(SimpleUploadedFile("scan.png", PNG), kind="case_evidence")
    with pytest.raises(ValidationError, match="xlsx"):
        uploads.check(pdf, kind="ledger")
    with pytest.raises(ValidationError, match="docx"):
        uploads.check(SimpleUploadedFile("notes.txt", b"plain"), kind="appraisal")


def test_the_size_limit_is_a_setting_per_kind(settings):
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 20)
    with pytest.raises(ValidationError, match="big.pdf"):
        uploads.check(big, kind="appraisal")
    uploads.check(big, kind="inspection_evidence")  # its own limit, PDCA_EVIDENCE_MAX_BYTES


def test_stored_names_are_random_and_keep_no_part_of_the_uploaders_name():
    name = uploads.RandomName("case_evidence")
    first, second = name(None, "../../招标文件.PDF"), name(None, "../../招标文件.PDF")
    assert first != second and first.startswith("earlywarning/evidence/")
    assert first.endswith(".pdf") and "招标" not in first and ".." not in first
    assert len(first.rsplit("/", 1)[1]) >= 24
    assert "." not in name(None, "page.html").rsplit("/", 1)[1]


def test_a_download_is_an_attachment_with_nosniff_and_the_chinese_name(memory_storage):
    from django.core.files.storage import default_storage

    stored = default_storage.save("appraisal/2026/01/abc.pdf", SimpleUploadedFile("a", b"%PDF"))
    response = uploads.attachment(default_storage.open(stored), filename="自查报告.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E8%87%AA%E6%9F%A5%E6%8A%A5%E5%91%8A.pdf" in disposition


def test_media_is_not_served_even_in_debug(settings):
    settings.DEBUG = True
    import config.urls

    try:
        importlib.reload(config.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(settings.MEDIA_URL + "commitments/2026/commitment-1-2026.txt")
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()
